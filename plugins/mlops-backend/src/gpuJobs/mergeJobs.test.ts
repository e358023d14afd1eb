import { Entity } from '@backstage/catalog-model';
import type { V1Pod } from '@kubernetes/client-node';
import { GpuJobRecord } from './jobRecord';
import { StoredGpuJob } from './GpuJobStore';
import { GpuJobTarget, resolveGpuJobTarget } from './jobTarget';
import { historyFilter, LiveJobs, mergeJobs } from './mergeJobs';

const now = new Date('2026-11-29T14:00:00Z');
function targetOf(entity: Entity): GpuJobTarget {
  const resolved = resolveGpuJobTarget(entity);
  if (!resolved.ok) throw new Error(resolved.answer.message);
  return resolved.target;
}
const selector = targetOf({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-trainer',
    annotations: {
      'backstage.io/kubernetes-label-selector': 'app=fraud',
      'backstage.io/kubernetes-namespace': 'fraud',
    },
  },
});
const FRAUD_ML = 'group:default/fraud-ml';
const team: GpuJobTarget = {
  kind: 'team',
  entityRef: FRAUD_ML,
  team: FRAUD_ML,
};

function record(overrides: Partial<GpuJobRecord> = {}): GpuJobRecord {
  return {
    cluster: 'east',
    namespace: 'fraud',
    name: 'train-1',
    uid: 'uid-1',
    labels: { app: 'fraud' },
    controllers: [],
    queueName: null,
    state: 'running',
    reason: null,
    message: null,
    createdAt: '2026-11-29T12:00:00.000Z',
    startedAt: '2026-11-29T12:05:00.000Z',
    finishedAt: null,
    gpus: 2,
    gpuEquivalents: 2,
    gpuResource: 'nvidia.com/gpu',
    migProfile: null,
    nodes: ['gpu-node-1'],
    gpuModel: 'NVIDIA A100',
    retries: 0,
    ...overrides,
  };
}

function stored(overrides: Partial<StoredGpuJob> = {}): StoredGpuJob {
  return {
    ...record(),
    entityRef: 'component:default/fraud-trainer',
    team: FRAUD_ML,
    claimants: [],
    lastSeenAt: '2026-11-29T13:00:00.000Z',
    goneAt: null,
    ...overrides,
  };
}

const pod = { metadata: { name: 'train-1-abcde' } } as V1Pod;
const nothingLive: LiveJobs = { jobs: [], answered: new Set() };
const eastAnswered = (jobs: LiveJobs['jobs'] = []): LiveJobs => ({
  jobs,
  answered: new Set(['east']),
});

describe('mergeJobs', () => {
  it.each([
    ['selector, cluster did not answer', selector, nothingLive, null, true],
    [
      'selector, cluster answered without it',
      selector,
      eastAnswered(),
      null,
      false,
    ],
    [
      'selector, the collector saw it gone',
      selector,
      nothingLive,
      '2026-11-29T13:30:00.000Z',
      false,
    ],
    ['team, no live listing', team, nothingLive, null, true],
    [
      'team, the collector saw it gone',
      team,
      nothingLive,
      '2026-11-29T13:30:00.000Z',
      false,
    ],
  ] as const)(
    'keeps a job only the history knows (%s), live: %s',
    (_, target, live, goneAt, expected) => {
      const jobs = mergeJobs({
        target,
        owner: FRAUD_ML,
        live,
        stored: [stored({ goneAt })],
        now,
      });
      expect(jobs).toEqual([
        { ...stored({ goneAt }), live: expected, listed: false, pods: [] },
      ]);
    },
  );

  it('marks a live job as seen now, owned by the entity and its owner', () => {
    const jobs = mergeJobs({
      target: selector,
      owner: FRAUD_ML,
      live: eastAnswered([{ record: record(), pods: [pod] }]),
      stored: [],
      now,
    });
    expect(jobs).toEqual([
      {
        ...record(),
        entityRef: 'component:default/fraud-trainer',
        team: FRAUD_ML,
        claimants: [],
        lastSeenAt: '2026-11-29T14:00:00.000Z',
        goneAt: null,
        live: true,
        listed: true,
        pods: [pod],
      },
    ]);
  });

  it.each([
    [
      'back-fills what the live view lost',
      { startedAt: null, nodes: [], gpuModel: null },
      {
        startedAt: '2026-11-29T12:05:00.000Z',
        nodes: ['gpu-node-1'],
        gpuModel: 'NVIDIA A100',
      },
    ],
    [
      'keeps what the live view knows',
      {
        startedAt: '2026-11-29T12:06:00.000Z',
        nodes: ['gpu-node-2'],
        gpuModel: 'NVIDIA H100',
      },
      {
        startedAt: '2026-11-29T12:06:00.000Z',
        nodes: ['gpu-node-2'],
        gpuModel: 'NVIDIA H100',
      },
    ],
  ])('merges a job both know: %s', (_, liveFields, expected) => {
    const jobs = mergeJobs({
      target: selector,
      owner: FRAUD_ML,
      live: eastAnswered([{ record: record(liveFields), pods: [] }]),
      stored: [
        stored({ state: 'pending', lastSeenAt: '2026-11-29T10:00:00.000Z' }),
      ],
      now,
    });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      ...expected,
      state: 'running',
      lastSeenAt: '2026-11-29T14:00:00.000Z',
      live: true,
    });
  });

  it('keeps live jobs first, then history-only ones, told apart by cluster and UID', () => {
    const jobs = mergeJobs({
      target: selector,
      owner: null,
      live: eastAnswered([{ record: record(), pods: [] }]),
      stored: [
        stored({ cluster: 'west', name: 'train-0', uid: 'uid-1' }),
        stored({ uid: 'uid-1' }),
        stored({ name: 'train-2', uid: 'uid-2', goneAt: null }),
      ],
      now,
    });
    // The live job the history knows is whose the collector says, not the viewer's.
    expect(jobs.map(j => [j.cluster, j.name, j.live, j.team])).toEqual([
      ['east', 'train-1', true, FRAUD_ML],
      ['west', 'train-0', true, FRAUD_ML],
      ['east', 'train-2', false, FRAUD_ML],
    ]);
  });

  it('shows a live job as the collector attributed it, with its claimants', () => {
    const claimants = [
      'component:default/copycat',
      'component:default/fraud-trainer',
    ];
    const [job] = mergeJobs({
      target: targetOf({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'copycat',
          annotations: {
            'backstage.io/kubernetes-label-selector': 'app=fraud',
          },
        },
      }),
      owner: 'group:default/nlp',
      live: eastAnswered([{ record: record(), pods: [] }]),
      stored: [stored({ claimants })],
      now,
    });
    expect(job).toMatchObject({
      entityRef: 'component:default/fraud-trainer',
      team: FRAUD_ML,
      claimants,
      live: true,
    });
  });
});

describe('mergeJobs with PyTorchJobs', () => {
  const pytorchJob = record({
    name: 'ranker-ddp',
    uid: 'ptj-uid',
    kind: 'PyTorchJob',
    replicas: [
      { type: 'Master', replicas: 1, active: 1, succeeded: 0, failed: 0 },
    ],
    gpus: 1,
    gpuEquivalents: 1,
  });
  const ptjPod = { metadata: { name: 'ranker-ddp-master-0', uid: 'p0' } };
  const jobPod = { metadata: { name: 'ranker-ddp-part-x', uid: 'p1' } };
  // A batch Job a PyTorchJob controls: seen live and by the history.
  const part = record({
    name: 'ranker-ddp-part',
    uid: 'part-uid',
    controllers: [
      { kind: 'PyTorchJob', name: 'ranker-ddp', apiVersion: 'kubeflow.org/v1' },
    ],
  });
  const merge = (live: LiveJobs['jobs'], history: StoredGpuJob[] = []) =>
    mergeJobs({
      target: selector,
      owner: FRAUD_ML,
      live: eastAnswered(live),
      stored: history,
      now,
    });

  it('counts a Job that is part of a listed PyTorchJob once, in it, with its pods', () => {
    const jobs = merge(
      [
        { record: pytorchJob, pods: [ptjPod as V1Pod] },
        { record: part, pods: [jobPod as V1Pod, ptjPod as V1Pod] },
      ],
      [stored({ ...part, goneAt: null })],
    );
    expect(jobs.map(j => [j.name, j.kind, j.gpus])).toEqual([
      ['ranker-ddp', 'PyTorchJob', 1],
    ]);
    expect(jobs[0].pods.map(p => p.metadata!.uid)).toEqual(['p0', 'p1']);
    expect(jobs[0].replicas).toEqual(pytorchJob.replicas);
  });

  it('keeps a Job whose PyTorchJob is not listed (another cluster, deleted)', () => {
    const elsewhere = { ...pytorchJob, cluster: 'west' };
    const jobs = merge([
      { record: elsewhere, pods: [] },
      { record: part, pods: [] },
    ]);
    expect(jobs.map(j => [j.cluster, j.name])).toEqual([
      ['west', 'ranker-ddp'],
      ['east', 'ranker-ddp-part'],
    ]);
  });

  it('keeps a Job that only names a PyTorchJob of another API group', () => {
    const lookalike = record({
      ...part,
      controllers: [
        {
          kind: 'PyTorchJob',
          name: 'ranker-ddp',
          apiVersion: 'example.com/v1',
        },
      ],
    });
    const jobs = merge([
      { record: pytorchJob, pods: [] },
      { record: lookalike, pods: [] },
    ]);
    expect(jobs.map(j => j.name)).toEqual(['ranker-ddp', 'ranker-ddp-part']);
  });
});

describe('historyFilter', () => {
  const since = new Date('2026-11-22T14:00:00Z');
  it.each([
    [selector, { since, namespace: 'fraud', team: undefined }],
    [
      { ...selector, namespace: undefined },
      { since, namespace: undefined, team: undefined },
    ],
    [team, { since, namespace: undefined, team: FRAUD_ML }],
  ])('reads the stored jobs of %o', (target, expected) => {
    expect(historyFilter(target, since)).toEqual(expected);
  });
});
