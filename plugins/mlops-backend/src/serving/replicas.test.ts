import { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { ClusterWorkloads } from '../upstream/kubernetes/KubernetesWorkloadReader';
import { CANARY_HASH, fixtures, STABLE_HASH } from '../delivery/__fixtures__';
import { imageTag, summariseReplicas } from './replicas';

const now = new Date('2026-11-23T12:00:00Z');

const deployment = (replicas: number, ready: number): V1Deployment => ({
  metadata: {
    name: 'reco-candidate-retrieval',
    namespace: 'recsys',
    labels: { 'app.kubernetes.io/version': '1.4.2' },
  },
  spec: {
    replicas,
    selector: {},
    template: {
      spec: {
        containers: [
          { name: 'server', image: 'registry.example.com/recsys/reco:1.4.2' },
        ],
      },
    },
  },
  status: { readyReplicas: ready, availableReplicas: ready },
});

const pod = (
  name: string,
  over: Partial<NonNullable<V1Pod['status']>> = {},
): V1Pod => ({
  metadata: { name, namespace: 'recsys' },
  spec: { nodeName: 'west-cpu-1', containers: [] },
  status: {
    phase: 'Running',
    startTime: new Date('2026-11-23T10:00:00Z'),
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      { name: 'server', image: '', imageID: '', ready: true, restartCount: 0 },
    ],
    ...over,
  },
});

const crashing = (name: string, finishedAt: string): V1Pod =>
  pod(name, {
    conditions: [{ type: 'Ready', status: 'False' }],
    containerStatuses: [
      {
        name: 'server',
        image: '',
        imageID: '',
        ready: false,
        restartCount: 7,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: {
          terminated: {
            reason: 'OOMKilled',
            exitCode: 137,
            finishedAt: new Date(finishedAt),
          },
        },
      },
    ],
  });

const ok = (
  cluster: string,
  deployments: V1Deployment[],
  pods: V1Pod[],
): Extract<ClusterWorkloads, { ok: true }> => ({
  cluster,
  ok: true,
  deployments,
  pods,
  requests: 2,
  durationMs: 3,
});

const options = { recentMinutes: 15, maxPods: 100 };

describe('summariseReplicas', () => {
  it('is null when no cluster answered', () => {
    expect(
      summariseReplicas(
        [
          {
            cluster: 'sandbox-west',
            ok: false,
            error: { kind: 'unreachable', message: 'down' },
            requests: 2,
            durationMs: 1,
          },
        ],
        now,
        options,
      ),
    ).toBeNull();
  });

  it('sums replicas over clusters and lists crashing pods first', () => {
    const result = summariseReplicas(
      [
        ok(
          'sandbox-west',
          [deployment(2, 0)],
          [
            pod('reco-candidate-retrieval-abc-1'),
            crashing('reco-candidate-retrieval-abc-2', '2026-11-23T11:58:00Z'),
            crashing('reco-candidate-retrieval-abc-3', '2026-11-23T10:00:00Z'),
          ],
        ),
        ok('sandbox-east', [deployment(1, 1)], []),
      ],
      now,
      options,
    )!;
    expect(result).toMatchObject({
      desired: 3,
      ready: 1,
      restarts: 14,
      crashLoopingPods: 2,
      recentOomKills: 1,
      podsTruncated: false,
    });
    expect(result.pods.map(p => p.name)).toEqual([
      'reco-candidate-retrieval-abc-2',
      'reco-candidate-retrieval-abc-3',
      'reco-candidate-retrieval-abc-1',
    ]);
    expect(result.pods[0]).toEqual({
      cluster: 'sandbox-west',
      namespace: 'recsys',
      name: 'reco-candidate-retrieval-abc-2',
      phase: 'Running',
      ready: false,
      restarts: 7,
      waitingReason: 'CrashLoopBackOff',
      lastTermination: {
        reason: 'OOMKilled',
        exitCode: 137,
        finishedAt: '2026-11-23T11:58:00.000Z',
      },
      node: 'west-cpu-1',
      startedAt: '2026-11-23T10:00:00.000Z',
    });
    expect(result.workloads[0]).toMatchObject({
      cluster: 'sandbox-west',
      desiredReplicas: 2,
      readyReplicas: 0,
      version: '1.4.2',
      images: [
        {
          container: 'server',
          image: 'registry.example.com/recsys/reco:1.4.2',
          version: '1.4.2',
        },
      ],
    });
  });

  it('lists at most maxPods pods and says so', () => {
    const pods = Array.from({ length: 5 }, (_, i) => pod(`p-${i}`));
    const result = summariseReplicas([ok('c', [deployment(5, 5)], pods)], now, {
      ...options,
      maxPods: 2,
    })!;
    expect(result.pods).toHaveLength(2);
    expect(result.podsTruncated).toBe(true);
  });
});

describe('summariseReplicas of a service an Argo Rollout runs', () => {
  // The chart's canary: a Rollout with a workloadRef to its Deployment, kept at 0.
  const { rollouts, deployments } = fixtures.canaryInProgress();
  const rolloutPod = (name: string, hash: string): V1Pod => {
    const p = pod(name);
    p.metadata!.labels = { 'rollouts-pod-template-hash': hash };
    return p;
  };
  const pods = [
    ...['a', 'b', 'c', 'd'].map(x =>
      rolloutPod(`fraud-scorer-${STABLE_HASH}-${x}`, STABLE_HASH),
    ),
    rolloutPod(`fraud-scorer-${CANARY_HASH}-e`, CANARY_HASH),
  ];

  it('counts the Rollout as the workload instead of the Deployment it takes its template from', () => {
    const result = summariseReplicas(
      [{ ...ok('east', deployments, pods), rollouts }],
      now,
      options,
    )!;
    expect(result).toMatchObject({ desired: 4, ready: 5 });
    expect(result.workloads).toEqual([
      {
        cluster: 'east',
        namespace: 'fraud-ml',
        name: 'fraud-scorer',
        desiredReplicas: 4,
        readyReplicas: 5,
        availableReplicas: 5,
        // The Deployment's template: the version being rolled out.
        images: [
          {
            container: 'server',
            image: 'registry.example.com/fraud-ml/fraud-scorer:1.5.0',
            version: '1.5.0',
          },
        ],
        version: '1.5.0',
      },
    ]);
  });

  it("takes a Rollout's own template, and keeps Deployments no Rollout names", () => {
    const inline = fixtures.canaryWithoutAnalysis().rollouts;
    const other = { ...deployment(2, 2) };
    const result = summariseReplicas(
      [{ ...ok('east', [other], pods), rollouts: inline }],
      now,
      options,
    )!;
    expect(
      result.workloads.map(w => [w.name, w.desiredReplicas, w.version]),
    ).toEqual([
      ['fraud-scorer', 4, '1.5.0'],
      ['reco-candidate-retrieval', 2, '1.4.2'],
    ]);
    expect(result.desired).toBe(6);
  });

  it('summarises the Deployment as before when the cluster has no Rollouts API', () => {
    const result = summariseReplicas(
      [{ ...ok('east', deployments, pods), rollouts: [] }],
      now,
      options,
    )!;
    expect(result.workloads.map(w => [w.name, w.desiredReplicas])).toEqual([
      ['fraud-scorer', 0],
    ]);
  });
});

describe('imageTag', () => {
  it.each([
    ['registry.example.com/recsys/reco:1.4.2', '1.4.2'],
    ['registry:5000/team/model', null],
    ['registry:5000/team/model:v2', 'v2'],
    ['model@sha256:abc', null],
    ['model:1.0@sha256:abc', '1.0'],
    ['', null],
  ])('%s → %p', (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });
});
