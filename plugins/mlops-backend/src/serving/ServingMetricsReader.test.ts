import { CacheService } from '@backstage/backend-plugin-api';
import { MlopsConfig } from '../config/mlopsConfig';
import { MlopsCore } from '../shared/core';
import { EntityTarget } from '../shared/entityTarget';
import { SharedAnswers } from '../shared/SharedAnswers';
import {
  PrometheusAnswer,
  PrometheusClient,
  PrometheusInstance,
  SignalValues,
} from '../upstream/prometheus/PrometheusClient';
import { DEFAULT_PROFILES } from './profiles/defaultProfiles';
import { ServingMetricsReader } from './ServingMetricsReader';

const main: PrometheusInstance = {
  name: 'main',
  url: 'http://prometheus',
  timeoutMs: 1000,
};
const target: EntityTarget = {
  entityRef: 'component:default/scorer',
  kubernetesId: 'scorer',
  namespace: 'ml',
  labelSelector: 'app=scorer',
  metricsWorkload: 'scorer',
  objectives: { availabilityPercent: 99.9, latencyP95Ms: 300 },
};
const scope = {
  namespace: 'ml',
  metricsWorkload: 'scorer',
  deployment: 'scorer',
};
const at = new Date(0);
const ok = (v: Record<string, number>): PrometheusAnswer<SignalValues> => ({
  ok: true,
  value: new Map(Object.entries(v)),
  durationMs: 4,
});
const failed: PrometheusAnswer<SignalValues> = {
  ok: false,
  error: { kind: 'timeout', message: 'Prometheus timed out' },
  durationMs: 1000,
};

function readerWith(instances: PrometheusInstance[], detection = failed) {
  const kept = new Map<string, unknown>();
  const cache = {
    get: async (key: string) => kept.get(key),
    set: async (key: string, value: unknown) => void kept.set(key, value),
  } as unknown as CacheService;
  const instant = jest.fn(async () => detection);
  const client = { instance: main, instant } as unknown as PrometheusClient;
  const config = {
    instances,
    profiles: DEFAULT_PROFILES,
    defaultProfileId: 'template',
  } as MlopsConfig;
  const core = {
    config,
    prometheus: new Map(instances.map(i => [i.name, client])),
    answers: new SharedAnswers(cache),
  } as unknown as MlopsCore;
  return { reader: new ServingMetricsReader(core), instant };
}

describe('ServingMetricsReader', () => {
  it.each([
    [[], 'No Prometheus is configured under mlops.prometheus.instances'],
    [
      [main],
      'No Prometheus under mlops.prometheus.instances serves the clusters of this entity',
    ],
  ])(
    'with instances %j and none serving, reports %p',
    async (instances, message) => {
      const { reader, instant } = readerWith(instances);
      const run = jest.fn();
      const reading = await reader.read(target, { scope }, at, () => 'up', run);
      expect(run).not.toHaveBeenCalled();
      expect(instant).not.toHaveBeenCalled();
      expect(reading.failure).toBe(message);
      expect(reading.target).toMatchObject({
        profileId: 'template',
        prometheus: null,
      });
      expect(reading.report).toEqual({
        kind: 'prometheus',
        name: 'prometheus',
        ok: false,
        error: { kind: 'not-configured', message },
        requests: 0,
        durationMs: 0,
      });
    },
  );

  it.each([
    // annotated, detection answer, answer, profile, detected, requests (first, second read), failure
    ['triton', failed, ok({ rps: 1 }), 'triton', false, [1, 1], undefined],
    [
      undefined,
      ok({ vllm: 3 }),
      ok({ rps: 1 }),
      'vllm',
      true,
      [2, 1],
      undefined,
    ],
    [undefined, ok({}), ok({ rps: 1 }), 'template', false, [2, 1], undefined],
    [undefined, failed, ok({ rps: 1 }), 'template', false, [2, 2], undefined],
    [
      'template',
      failed,
      failed,
      'template',
      false,
      [1, 1],
      'Prometheus timed out',
    ],
  ])(
    'annotated %p, detection %j, answer %j: %p (detected %p) in %j requests',
    async (
      profileId,
      detection,
      answer,
      profile,
      detected,
      requests,
      failure,
    ) => {
      const { reader } = readerWith([main], detection);
      const read = () =>
        reader.read(
          { ...target, profileId },
          { instance: main, scope },
          at,
          p => `query of ${p.id}`,
          async (_, q) => (q === `query of ${profile}` ? answer : failed),
        );
      const first = await read();
      const second = await read();
      expect(first.target).toMatchObject({
        profileId: profile,
        profileDetected: detected,
        prometheus: 'main',
      });
      expect([first.report.requests, second.report.requests]).toEqual(requests);
      expect(first.failure).toBe(failure);
      expect(first.report.ok).toBe(answer.ok);
      expect(first.report.error).toBe(answer.ok ? undefined : answer.error);
      expect(first.value).toEqual(answer.ok ? answer.value : undefined);
    },
  );

  it('asks nothing more when the profile has no query', async () => {
    const { reader } = readerWith([main], ok({ kserve: 1 }));
    const run = jest.fn();
    const reading = await reader.read(
      target,
      { instance: main, scope },
      at,
      () => '',
      run,
    );
    expect(run).not.toHaveBeenCalled();
    expect(reading.report).toEqual({
      kind: 'prometheus',
      name: 'main',
      ok: true,
      requests: 1,
      durationMs: 0,
    });
  });
});
