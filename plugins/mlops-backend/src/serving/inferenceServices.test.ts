import type { V1Pod } from '@kubernetes/client-node';
import {
  conditionTitle,
  inferenceServiceFindings,
  inferenceServiceNames,
  KServeInferenceService,
  summariseInferenceService,
} from './inferenceServices';

const at = '2026-12-04T09:00:00Z';
const failed =
  'Revision "image-moderation-predictor-00002" failed with message: Container failed with: RuntimeError: could not load the model.';

/** A canary whose new revision failed, in the shape KServe v0.17 writes it. */
const failingCanary: KServeInferenceService = {
  metadata: { name: 'image-moderation', namespace: 'nlp-llm' },
  spec: {
    predictor: { canaryTrafficPercent: 10 },
  },
  status: {
    conditions: [
      { type: 'IngressReady', status: 'True', lastTransitionTime: at },
      {
        type: 'LatestDeploymentReady',
        status: 'False',
        severity: 'Info',
        reason: 'PredictorConfigurationReady not ready',
        lastTransitionTime: at,
      },
      {
        type: 'PredictorReady',
        status: 'False',
        reason: 'RevisionFailed',
        message: failed,
        lastTransitionTime: at,
      },
      {
        type: 'Ready',
        status: 'False',
        reason: 'RevisionFailed',
        message: failed,
        lastTransitionTime: at,
      },
      {
        type: 'RoutesReady',
        status: 'True',
        severity: 'Info',
        lastTransitionTime: at,
      },
    ],
    url: 'http://image-moderation.nlp-llm.example.com',
    address: { url: 'http://image-moderation.nlp-llm.svc.cluster.local' },
    deploymentMode: 'Serverless',
    components: {
      predictor: {
        latestCreatedRevision: 'image-moderation-predictor-00002',
        latestReadyRevision: 'image-moderation-predictor-00001',
        latestRolledoutRevision: 'image-moderation-predictor-00001',
        traffic: [
          {
            tag: 'latest',
            revisionName: 'image-moderation-predictor-00001',
            percent: 10,
            latestRevision: true,
            url: 'http://latest-image-moderation-predictor.nlp-llm.example.com',
          },
          {
            tag: 'prev',
            revisionName: 'image-moderation-predictor-00001',
            percent: 90,
            latestRevision: false,
          },
        ],
      },
    },
    modelStatus: {
      transitionStatus: 'BlockedByFailedLoad',
      states: { activeModelState: 'Loaded', targetModelState: 'FailedToLoad' },
      lastFailureInfo: {
        reason: 'ModelLoadFailed',
        message: 'could not load the model',
        modelRevisionName: 'image-moderation-predictor-00002',
        time: at,
      },
    },
  },
};

describe('summariseInferenceService', () => {
  it('maps KServe status fields to the answer, Ready first', () => {
    const s = summariseInferenceService('sandbox-east', failingCanary);
    expect(s).toMatchObject({
      cluster: 'sandbox-east',
      namespace: 'nlp-llm',
      name: 'image-moderation',
      url: 'http://image-moderation.nlp-llm.example.com',
      address: 'http://image-moderation.nlp-llm.svc.cluster.local',
      ready: false,
      deploymentMode: 'Serverless',
    });
    expect(s.conditions.map(c => c.type)).toEqual([
      'Ready',
      'PredictorReady',
      'IngressReady',
      'LatestDeploymentReady',
      'RoutesReady',
    ]);
    expect(s.conditions[1]).toEqual({
      type: 'PredictorReady',
      title: 'Predictor ready',
      status: 'False',
      reason: 'RevisionFailed',
      message: failed,
      since: at,
      severity: null,
    });
    expect(s.components).toEqual([
      {
        component: 'predictor',
        latestCreatedRevision: 'image-moderation-predictor-00002',
        latestReadyRevision: 'image-moderation-predictor-00001',
        latestRolledoutRevision: 'image-moderation-predictor-00001',
        previousRolledoutRevision: null,
        canaryTrafficPercent: 10,
        url: null,
        traffic: [
          {
            revision: 'image-moderation-predictor-00001',
            percent: 10,
            tag: 'latest',
            latestRevision: true,
            url: 'http://latest-image-moderation-predictor.nlp-llm.example.com',
          },
          {
            revision: 'image-moderation-predictor-00001',
            percent: 90,
            tag: 'prev',
            latestRevision: false,
            url: null,
          },
        ],
      },
    ]);
    expect(s.model).toEqual({
      transitionStatus: 'BlockedByFailedLoad',
      activeModelState: 'Loaded',
      targetModelState: 'FailedToLoad',
      lastFailure: {
        reason: 'ModelLoadFailed',
        message: 'could not load the model',
        revision: 'image-moderation-predictor-00002',
        time: at,
      },
    });
  });

  it('answers an InferenceService KServe has not written a status for', () => {
    const s = summariseInferenceService('west', {
      metadata: { name: 'x', namespace: 'ml' },
    });
    expect(s).toMatchObject({
      ready: null,
      url: null,
      conditions: [],
      components: [],
      model: null,
    });
  });
});

describe('conditionTitle', () => {
  it.each([
    ['Ready', 'Ready to serve'],
    ['PredictorReady', 'Predictor ready'],
    ['IngressReady', 'Ingress configured'],
    ['SomeNewCondition', 'Some new condition'],
  ])('%s → %s', (type, title) => {
    expect(conditionTitle(type)).toBe(title);
  });
});

describe('inferenceServiceFindings', () => {
  const reads = {
    summaries: [summariseInferenceService('sandbox-east', failingCanary)],
    wanted: ['image-moderation'],
    namespace: 'nlp-llm',
    failed: [],
    answered: true,
  };

  it("makes a not-Ready InferenceService down, with KServe's reason and message", () => {
    expect(inferenceServiceFindings(reads)).toEqual([
      {
        code: 'inferenceservice-not-ready',
        severity: 'down',
        message: `InferenceService image-moderation in nlp-llm on cluster sandbox-east is not Ready (False): RevisionFailed: ${failed}`,
      },
    ]);
  });

  it('finds nothing when it is Ready', () => {
    const ready = summariseInferenceService('sandbox-east', {
      ...failingCanary,
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
    expect(inferenceServiceFindings({ ...reads, summaries: [ready] })).toEqual(
      [],
    );
  });

  it('leaves the state unknown when the annotated one is missing or a list failed', () => {
    expect(
      inferenceServiceFindings({ ...reads, summaries: [] }).map(
        r => r.severity,
      ),
    ).toEqual(['unknown']);
    const failedList = inferenceServiceFindings({
      ...reads,
      summaries: [],
      failed: [{ cluster: 'east', message: "Cluster 'east' forbids (403)" }],
    });
    expect(failedList).toEqual([
      {
        code: 'inferenceservice-not-ready',
        severity: 'unknown',
        message:
          "The InferenceServices in nlp-llm on cluster east could not be read: Cluster 'east' forbids (403)",
      },
    ]);
  });
});

describe('inferenceServiceNames', () => {
  const pod = (labels: Record<string, string>) =>
    ({ metadata: { labels } } as V1Pod);

  it("takes the annotation and KServe's pod label, once each", () => {
    expect(
      inferenceServiceNames('a', [
        pod({ 'serving.kserve.io/inferenceservice': 'b' }),
        pod({ 'serving.kserve.io/inferenceservice': 'a' }),
        pod({ app: 'c' }),
      ]),
    ).toEqual(['a', 'b']);
    expect(inferenceServiceNames(undefined, [pod({})])).toEqual([]);
  });
});
