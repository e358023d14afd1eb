import {
  AnalysisMetricView,
  AnalysisRunView,
  RevisionSlo,
} from '@internal/plugin-mlops-common';
import { analysisThresholds, compareSlo } from './sloComparison';

const slo = (over: Partial<RevisionSlo> = {}): RevisionSlo => ({
  requestsPerSecond: 40,
  errorRatio: 0.0005,
  latencyP95Seconds: 0.12,
  window: '5m',
  ...over,
});

const metric = (
  name: string,
  threshold: number | null,
): AnalysisMetricView => ({
  name,
  provider: 'prometheus',
  query: null,
  successCondition: null,
  failureCondition: null,
  threshold,
  interval: null,
  count: null,
  failureLimit: null,
  inconclusiveLimit: null,
  phase: null,
  message: null,
  successful: 0,
  failed: 0,
  inconclusive: 0,
  error: 0,
  measurements: [],
});

const run = (name: string, metrics: AnalysisMetricView[]): AnalysisRunView => ({
  name,
  phase: 'Running',
  message: null,
  type: 'Step',
  stepIndex: 1,
  podTemplateHash: null,
  revision: null,
  startedAt: null,
  metrics,
});

describe('analysisThresholds', () => {
  it('takes each figure from the newest run that states it', () => {
    const runs = [
      run('newest', [
        metric('error-ratio', 0.001),
        metric('latency-p95', null),
      ]),
      run('older', [metric('error-ratio', 0.01), metric('latency-p95', 0.3)]),
    ];
    expect(analysisThresholds(runs)).toEqual({
      errorRatio: 0.001,
      latencyP95Seconds: 0.3,
    });
  });

  it('knows none without runs', () => {
    expect(analysisThresholds([])).toEqual({});
  });
});

describe('compareSlo', () => {
  const runs = [
    run('r', [metric('error-ratio', 0.001), metric('latency-p95', 0.3)]),
  ];
  const worse = (rows: ReturnType<typeof compareSlo>) =>
    Object.fromEntries(rows.map(r => [r.figure, r.canaryWorse]));

  it.each`
    what                                           | canary                                                 | runsUsed | expected
    ${'canary worse and over the threshold'}       | ${slo({ errorRatio: 0.061 })}                          | ${runs}  | ${{ requestsPerSecond: false, errorRatio: true, latencyP95Seconds: false }}
    ${'canary worse but within the threshold'}     | ${slo({ errorRatio: 0.0008, latencyP95Seconds: 0.2 })} | ${runs}  | ${{ requestsPerSecond: false, errorRatio: false, latencyP95Seconds: false }}
    ${'canary worse, no threshold known'}          | ${slo({ errorRatio: 0.0008, latencyP95Seconds: 0.2 })} | ${[]}    | ${{ requestsPerSecond: false, errorRatio: true, latencyP95Seconds: true }}
    ${'canary better'}                             | ${slo({ errorRatio: 0, latencyP95Seconds: 0.1 })}      | ${[]}    | ${{ requestsPerSecond: false, errorRatio: false, latencyP95Seconds: false }}
    ${'canary unknown'}                            | ${null}                                                | ${runs}  | ${{ requestsPerSecond: false, errorRatio: false, latencyP95Seconds: false }}
    ${'more traffic on the canary is never worse'} | ${slo({ requestsPerSecond: 400 })}                     | ${[]}    | ${{ requestsPerSecond: false, errorRatio: false, latencyP95Seconds: false }}
  `('$what', ({ canary, runsUsed, expected }) => {
    expect(worse(compareSlo(slo(), canary, runsUsed))).toEqual(expected);
  });

  it('flags a canary over the threshold when the stable has no figures', () => {
    const rows = compareSlo(null, slo({ errorRatio: 0.061 }), runs);
    expect(rows[1]).toEqual({
      figure: 'errorRatio',
      label: 'Error ratio',
      stable: '–',
      canary: '6.1 %',
      threshold: '0.10 %',
      canaryWorse: true,
    });
  });

  it('formats latency in milliseconds', () => {
    const rows = compareSlo(slo(), slo({ latencyP95Seconds: 0.45 }), runs);
    expect(rows[2]).toMatchObject({
      stable: '120 ms',
      canary: '450 ms',
      threshold: '300 ms',
      canaryWorse: true,
    });
  });

  it('adds the TTFT line only where a revision reports it or the analysis judges it', () => {
    expect(compareSlo(slo(), slo(), []).map(r => r.figure)).not.toContain(
      'ttftSlowShare',
    );
    expect(
      compareSlo(
        slo({ ttftSlowShare: 0.01 }),
        slo({ ttftSlowShare: null }),
        [],
      ).map(r => r.figure),
    ).toContain('ttftSlowShare');
    expect(
      compareSlo(null, null, [run('r', [metric('ttft-slow-share', 0.05)])]).map(
        r => r.figure,
      ),
    ).toContain('ttftSlowShare');
  });
});
