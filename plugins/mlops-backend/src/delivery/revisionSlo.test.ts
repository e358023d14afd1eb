import { expectPromQL } from '../__testUtils__/promtool';
import { DEFAULT_PROFILES } from '../serving/profiles/defaultProfiles';
import { MetricsScope } from '../serving/profiles/queries';
import { revisionSloQuery, revisionSlos, sloKey } from './revisionSlo';

const profile = (id: string) => DEFAULT_PROFILES.find(p => p.id === id)!;
const scope: MetricsScope = {
  namespace: 'fraud-ml',
  metricsWorkload: 'fraud-scorer',
  deployment: 'fraud-scorer',
  clusters: { label: 'cluster', names: ['east'] },
};
const STABLE = '7c9d5f8b44';
const CANARY = '6d8f7b9c57';

describe('the revisions query', () => {
  const query = revisionSloQuery({
    profile: profile('template'),
    scope,
    hashes: [CANARY, STABLE],
    window: '5m',
    clusterLabel: 'cluster',
  });

  it('asks once for every revision, by hash and cluster, only for the given hashes', () => {
    expect(query).toContain(
      `model_server_requests_total{namespace="fraud-ml", service="fraud-scorer", cluster=~"east", rollouts_pod_template_hash=~"${CANARY}|${STABLE}"}`,
    );
    expect(query).toContain('sum by (rollouts_pod_template_hash, cluster)');
    expect(query).toContain('sum by (le, rollouts_pod_template_hash, cluster)');
    expect(
      [...query.matchAll(/"mlops_signal", "([^"]+)"/g)].map(m => m[1]),
    ).toEqual(['rps', 'error_ratio', 'p95']);
  });

  it("gives each revision's requests, 5xx share and p95 (Prometheus evaluates it)", () => {
    const labels = (hash: string, code: string) =>
      `namespace="fraud-ml", service="fraud-scorer", cluster="east", model="fraud-scorer", pod="fraud-scorer-${hash}-x1", code="${code}", rollouts_pod_template_hash="${hash}"`;
    const bucket = (hash: string, le: string, perMinute: number) => ({
      series: `model_server_request_duration_seconds_bucket{${labels(
        hash,
        '200',
      ).replace(/, code="200"/, '')}, le="${le}"}`,
      values: `0+${perMinute}x15`,
    });
    const tag = (signal: string, hash: string) =>
      `{cluster="east", mlops_signal="${signal}", rollouts_pod_template_hash="${hash}"}`;
    expectPromQL(
      [
        // Stable: 60 requests a minute, none failed, all within 0.1 s.
        {
          series: `model_server_requests_total{${labels(STABLE, '200')}}`,
          values: '0+60x15',
        },
        bucket(STABLE, '0.1', 60),
        bucket(STABLE, '0.5', 60),
        bucket(STABLE, '+Inf', 60),
        // Canary: 60 requests a minute, 3 of them 5xx (5 %), all within 0.5 s.
        {
          series: `model_server_requests_total{${labels(CANARY, '200')}}`,
          values: '0+57x15',
        },
        {
          series: `model_server_requests_total{${labels(CANARY, '503')}}`,
          values: '0+3x15',
        },
        bucket(CANARY, '0.1', 0),
        bucket(CANARY, '0.5', 60),
        bucket(CANARY, '+Inf', 60),
        // Another service's pods are not asked for.
        {
          series: `model_server_requests_total{${labels(
            '0000000000',
            '200',
          ).replace('service="fraud-scorer"', 'service="other"')}}`,
          values: '0+600x15',
        },
      ],
      [
        {
          expr: query,
          samples: [
            { labels: tag('rps', STABLE), value: 1 },
            { labels: tag('rps', CANARY), value: 1 },
            { labels: tag('error_ratio', STABLE), value: 0 },
            { labels: tag('error_ratio', CANARY), value: 0.05 },
            { labels: tag('p95', STABLE), value: 95 },
            { labels: tag('p95', CANARY), value: 480 },
          ],
        },
      ],
    );
  });

  it("adds an LLM server's share of slow first tokens when it has a TTFT objective", () => {
    const vllm = revisionSloQuery({
      profile: profile('vllm'),
      scope: { ...scope, clusters: undefined },
      hashes: [CANARY],
      window: '5m',
      ttftObjectiveMs: 500,
    });
    expect(vllm).toContain('"mlops_signal", "ttft_slow"');
    expect(vllm).toContain(
      'vllm:time_to_first_token_seconds_bucket{namespace="fraud-ml", pod=~"fraud-scorer(-canary|-blue|-green)?-[a-z0-9]+-[a-z0-9]+", rollouts_pod_template_hash=~"6d8f7b9c57", le=~"0\\\\.50*"}',
    );
  });
});

describe('the revisions figures', () => {
  it('are keyed by cluster and hash, latency in seconds', () => {
    const sample = (signal: string, hash: string, value: number | null) => ({
      labels: {
        mlops_signal: signal,
        rollouts_pod_template_hash: hash,
        cluster: 'east',
      },
      value,
    });
    const slos = revisionSlos(
      [
        sample('rps', CANARY, 3.2),
        sample('error_ratio', CANARY, 0.061),
        sample('p95', CANARY, 412),
        sample('rps', STABLE, 48),
        sample('error_ratio', STABLE, null),
        { labels: { mlops_signal: 'rps' }, value: 1 },
      ],
      { window: '5m', clusterLabel: 'cluster', ttft: false },
    );
    expect(slos.get(sloKey('east', CANARY))).toEqual({
      requestsPerSecond: 3.2,
      errorRatio: 0.061,
      latencyP95Seconds: 0.412,
      window: '5m',
    });
    expect(slos.get(sloKey('east', STABLE))).toEqual({
      requestsPerSecond: 48,
      errorRatio: null,
      latencyP95Seconds: null,
      window: '5m',
    });
    expect(slos.size).toBe(2);
  });
});
