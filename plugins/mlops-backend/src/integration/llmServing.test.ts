import { ServingTimeSeries } from '@internal/plugin-mlops-common';
import request from 'supertest';
import {
  describeSandbox,
  eventually,
  expectClose,
  promql,
  switchScenario,
} from '../__testUtils__/sandbox';
import { expectFiguresMatchPromQL } from '../__testUtils__/servingChecks';
import { user, useServingPortal } from '../__testUtils__/servingPortal';

/*
 * An LLM service against the sandbox: support-llm's pods export vLLM's own
 * series (v0.11 names), which the portal detects as the vllm profile. Each
 * figure is compared with PromQL written from vLLM's documented names at the
 * answer's instant; then the queue saturates.
 */
describeSandbox('an LLM service against the sandbox', () => {
  const { server, okHealth } = useServingPortal();
  const name = 'support-llm';

  it('llm-healthy: TTFT, TPOT, tokens, queue and KV cache as PromQL says', async () => {
    switchScenario('llm-healthy');
    const body = await eventually(
      'support-llm with LLM figures',
      () => okHealth(name),
      b => b.llm?.ttftP95Ms !== null && b.llm?.ttftP95Ms !== undefined,
      120_000,
    );
    expect(body.metrics).toMatchObject({ profileId: 'vllm', found: true });
    expect(body.llm!.requestsWaiting).toBe(0);
    expect(body.llm!.kvCacheUsage!).toBeLessThan(0.5);
    expect(body.llm!.ttftP95Ms!).toBeLessThan(500);
    expect(
      body.slo!.tokenObjectives.map(o => [o.figure, o.p95ObjectiveMs]),
    ).toEqual([
      ['ttft', 500],
      ['tpot', 50],
    ]);
    await expectFiguresMatchPromQL(name, body);
  });

  it('charts carry the LLM figures, from the same one range query', async () => {
    const response = await request(server())
      .get(
        `/api/mlops/entities/component/default/${name}/serving-timeseries?range=1h`,
      )
      .set('authorization', user);
    expect(response.status).toBe(200);
    const body = response.body as ServingTimeSeries;
    expect(body.llm).toBe(true);
    expect(body.sources).toEqual([
      expect.objectContaining({ kind: 'prometheus', ok: true, requests: 1 }),
    ]);
    const last = body.points
      .filter(
        p =>
          p.outputTokensPerSecond !== null &&
          p.outputTokensPerSecond !== undefined,
      )
      .at(-1)!;
    expectClose(
      last.outputTokensPerSecond!,
      await promql(
        `sum(rate(vllm:generation_tokens_total{namespace="nlp-llm", service="${name}"}[300s]))`,
        new Date(last.t).toISOString(),
      ),
    );
  });

  it('llm-queue-saturation: the queue grows, the KV cache fills, first tokens take seconds', async () => {
    switchScenario('llm-queue-saturation');
    const first = await eventually(
      'support-llm queueing',
      () => okHealth(name),
      b =>
        (b.llm?.requestsWaiting ?? 0) > 0 && (b.llm?.kvCacheUsage ?? 0) > 0.95,
      120_000,
    );
    const later = await eventually(
      'a longer queue',
      () => okHealth(name),
      b =>
        (b.llm?.requestsWaiting ?? 0) > first.llm!.requestsWaiting! &&
        (b.llm?.ttftP95Ms ?? 0) > 1000,
      180_000,
    );
    expect(later.llm!.preemptionsPerSecond!).toBeGreaterThan(0);
    // The last 5 minutes burn the first-token budget (the longer windows
    // still hold the healthy hour of a young sandbox).
    const ttft = later.slo!.tokenObjectives.find(o => o.figure === 'ttft')!;
    expect(
      ttft.burnRates.find(w => w.window === '5m')!.burnRate!,
    ).toBeGreaterThan(1);
    await expectFiguresMatchPromQL(name, later);
  });
});
