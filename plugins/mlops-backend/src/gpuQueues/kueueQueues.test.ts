import {
  creationOrderPositions,
  gpuQuotaOf,
  jobQueueOf,
  queueSummaries,
  workloadOfJob,
} from './kueueQueues';
import { nlpClusterQueue, trainingQueue, workload } from './__fixtures__/kueue';

const GPU = ['nvidia.com/gpu'];
const sweep1 = workload('sweep-1', 'job-1', {
  created: '2026-12-04T10:00:00Z',
});
const sweep2 = workload('sweep-2', 'job-2', {
  created: '2026-12-04T10:05:00Z',
});
const urgent = workload('urgent', 'job-3', {
  created: '2026-12-04T10:10:00Z',
  priority: 100,
});
const running = workload('run-2', 'job-4', {
  created: '2026-12-04T09:00:00Z',
  admitted: true,
});
const deactivated = workload('stopped', 'job-5', {
  created: '2026-12-04T09:30:00Z',
  active: false,
});
const all = [sweep1, sweep2, urgent, running, deactivated];
const toNlp = () => 'nlp-llm';

describe('gpuQuotaOf', () => {
  it('reads each flavor GPU quota from the spec and its reservation and usage from the status', () => {
    expect(gpuQuotaOf(nlpClusterQueue, GPU)).toEqual([
      {
        flavor: 'a100',
        resource: 'nvidia.com/gpu',
        nominal: 4,
        borrowingLimit: null,
        reserved: 6,
        used: 6,
        borrowed: 2,
      },
      {
        flavor: 'l4',
        resource: 'nvidia.com/gpu',
        nominal: 1,
        borrowingLimit: 0,
        reserved: 0,
        used: 0,
        borrowed: 0,
      },
    ]);
  });

  it('leaves out resources that are not GPUs', () => {
    expect(gpuQuotaOf(nlpClusterQueue, ['nvidia.com/mig-1g.10gb'])).toEqual([]);
  });
});

describe('queueSummaries', () => {
  it('joins a LocalQueue to its ClusterQueue, or says it has none', () => {
    const [found] = queueSummaries(
      'east',
      [trainingQueue],
      [nlpClusterQueue],
      GPU,
    );
    expect(found).toMatchObject({
      cluster: 'east',
      namespace: 'nlp-llm',
      localQueue: 'training',
      clusterQueue: 'nlp-llm',
      cohort: 'gpu-training',
      pendingWorkloads: 2,
      admittedWorkloads: 1,
    });
    expect(found.quota).toHaveLength(2);
    expect(queueSummaries('east', [trainingQueue], [], GPU)[0]).toMatchObject({
      clusterQueue: null,
      cohort: null,
      quota: [],
    });
  });
});

describe('workloadOfJob', () => {
  it('finds the Workload by its owner reference to the job', () => {
    expect(workloadOfJob(all, 'job-2')).toBe(sweep2);
    expect(workloadOfJob(all, 'other')).toBeUndefined();
  });
});

describe('creationOrderPositions', () => {
  it('orders pending workloads by priority, then age; admitted and deactivated ones have no place', () => {
    const positions = creationOrderPositions(all, toNlp);
    expect(Object.fromEntries(positions)).toEqual({
      'wl-urgent': 1,
      'wl-sweep-1': 2,
      'wl-sweep-2': 3,
    });
  });
});

describe('jobQueueOf', () => {
  const creationOrder = creationOrderPositions(all, toNlp);

  it('a waiting workload: its queues, position and Kueue message', () => {
    expect(
      jobQueueOf(sweep2, [trainingQueue], { visibility: null, creationOrder }),
    ).toEqual({
      workload: 'sweep-2',
      localQueue: 'training',
      clusterQueue: 'nlp-llm',
      admitted: false,
      position: 3,
      positionSource: 'creation-order',
      reason: 'Pending',
      message:
        "couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in flavor a100, 16 more needed",
    });
  });

  it("prefers the visibility API's position (0-based there)", () => {
    const visibility = [
      { metadata: { name: 'sweep-2' }, positionInClusterQueue: 0 },
    ];
    expect(
      jobQueueOf(sweep2, [trainingQueue], { visibility, creationOrder }),
    ).toMatchObject({ position: 1, positionSource: 'visibility-api' });
  });

  it('an admitted workload has no position and no reason', () => {
    expect(
      jobQueueOf(running, [], { visibility: null, creationOrder }),
    ).toMatchObject({
      clusterQueue: 'nlp-llm',
      admitted: true,
      position: null,
      positionSource: null,
      reason: null,
      message: null,
    });
  });
});
