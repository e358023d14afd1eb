import type { ModelService } from './fleet';
import {
  CANARY_FAILS_AFTER_MS,
  inferenceServiceManifest,
  inferenceServicePhase,
  inferenceServiceStatus,
  phaseStartMs,
  INFERENCE_SERVICE_KEY,
  withInferenceServiceLabel,
} from './kserve';
import { scenarioTargets } from './scenarios';
import type { KubeManifest } from './workloads';

const service: ModelService = {
  name: 'image-moderation',
  namespace: 'nlp-llm',
  team: 'nlp-llm',
  system: 'language-ai',
  cluster: 'sandbox-east',
  accelerator: 'gpu',
  framework: 'pytorch',
  minReplicas: 2,
  maxReplicas: 8,
  baseRps: 50,
  inferenceService: 'image-moderation',
};
const since = Date.parse('2026-12-04T09:00:00Z');

describe('inferenceServicePhase', () => {
  it.each([
    ['healthy', 0, 'stable'],
    ['kserve-canary', 0, 'canary'],
    ['kserve-canary', CANARY_FAILS_AFTER_MS - 1, 'canary'],
    ['kserve-canary', CANARY_FAILS_AFTER_MS, 'canary-failed'],
  ] as const)('%s after %d ms: %s', (scenario, after, phase) => {
    expect(inferenceServicePhase(scenario, since, since + after)).toBe(phase);
  });

  it('fails the canary after the delay the sandbox was started with', () => {
    expect(
      inferenceServicePhase('kserve-canary', since, since + 19_999, 20_000),
    ).toBe('canary');
    expect(
      inferenceServicePhase('kserve-canary', since, since + 20_000, 20_000),
    ).toBe('canary-failed');
    expect(phaseStartMs('canary-failed', since, 20_000)).toBe(since + 20_000);
  });
});

describe('the InferenceService', () => {
  it('asks for a canary at 10 % only in the canary phases', () => {
    const stable = inferenceServiceManifest(
      service,
      'image-moderation',
      'stable',
    );
    const canary = inferenceServiceManifest(
      service,
      'image-moderation',
      'canary',
    );
    expect(stable.spec).toEqual({
      predictor: {
        minReplicas: 2,
        maxReplicas: 8,
        model: {
          modelFormat: { name: 'pytorch' },
          storageUri: 's3://models/image-moderation/v1',
        },
      },
    });
    expect(canary.spec).toMatchObject({
      predictor: {
        canaryTrafficPercent: 10,
        model: { storageUri: 's3://models/image-moderation/v2' },
      },
    });
  });

  it('has its canary revision at 10 %, then failed with Ready False as KServe reports it', () => {
    const canary = inferenceServiceStatus(
      service,
      'image-moderation',
      'canary',
      since,
    );
    expect(canary.components.predictor).toMatchObject({
      latestCreatedRevision: 'image-moderation-predictor-00002',
      latestReadyRevision: 'image-moderation-predictor-00002',
      latestRolledoutRevision: 'image-moderation-predictor-00001',
    });
    expect(
      canary.components.predictor.traffic.map(t => [
        t.tag,
        t.revisionName,
        t.percent,
      ]),
    ).toEqual([
      ['latest', 'image-moderation-predictor-00002', 10],
      ['prev', 'image-moderation-predictor-00001', 90],
    ]);
    expect(canary.conditions.every(c => c.status === 'True')).toBe(true);

    const failed = inferenceServiceStatus(
      service,
      'image-moderation',
      'canary-failed',
      since,
    );
    const byType = Object.fromEntries(failed.conditions.map(c => [c.type, c]));
    expect(byType.Ready).toEqual({
      type: 'Ready',
      status: 'False',
      lastTransitionTime: '2026-12-04T09:01:00Z',
      reason: 'RevisionFailed',
      message: expect.stringMatching(
        /^Revision "image-moderation-predictor-00002" failed with message: /,
      ),
    });
    expect(byType.PredictorReady).toMatchObject({
      status: 'False',
      reason: 'RevisionFailed',
    });
    expect(byType.RoutesReady).toMatchObject({
      status: 'True',
      severity: 'Info',
    });
    expect(failed.components.predictor.latestReadyRevision).toBe(
      'image-moderation-predictor-00001',
    );
    expect(failed.modelStatus).toMatchObject({
      transitionStatus: 'BlockedByFailedLoad',
      lastFailureInfo: { reason: 'ModelLoadFailed' },
    });
  });

  it('labels the Deployment and its pods as KServe labels a predictor', () => {
    const [deployment, other] = withInferenceServiceLabel(
      [
        {
          kind: 'Deployment',
          metadata: { name: 'x', labels: { a: 'b' } },
          spec: { template: { metadata: { labels: { a: 'b' } } } },
        },
        { kind: 'Service', metadata: { name: 'x' } },
      ] as KubeManifest[],
      'image-moderation',
    );
    expect(deployment.metadata?.labels).toEqual({
      a: 'b',
      [INFERENCE_SERVICE_KEY]: 'image-moderation',
    });
    expect(deployment.spec).toEqual({
      template: {
        metadata: {
          labels: { a: 'b', [INFERENCE_SERVICE_KEY]: 'image-moderation' },
        },
      },
    });
    expect(other.metadata?.labels).toBeUndefined();
  });

  it('is the target of kserve-canary', () => {
    expect(
      scenarioTargets('kserve-canary', [
        { ...service, inferenceService: undefined, name: 'plain' },
        service,
      ]),
    ).toEqual(['image-moderation']);
  });
});
