import type { TrainingPipeline } from './fleet';
import {
  desiredPyTorchRuns,
  operatorPods,
  PyTorchJob,
  pytorchJobManifest,
} from './pytorchJobs';
import { ANNOTATION_SIMULATED_PHASE, SIMULATED_SCHEDULER } from './workloads';

const pipeline = (name: string): TrainingPipeline => ({
  name,
  namespace: 'recsys',
  team: 'recsys',
  system: 'recommendations',
  gpusPerRun: 4,
});
const ranker = pipeline('reco-ranker-training');

/** The job as the apiserver returns it once created. */
function created(outcome: 'running' | 'failed' = 'running'): PyTorchJob {
  const job = pytorchJobManifest({
    pipeline: ranker,
    name: 'reco-ranker-training-ddp',
    outcome,
  });
  return { ...job, metadata: { ...job.metadata, uid: 'ptj-uid' } };
}

describe('desiredPyTorchRuns', () => {
  it('runs two on the second pipeline: one running, one failing; none without pipelines', () => {
    const runs = desiredPyTorchRuns([pipeline('a'), ranker, pipeline('c')]);
    expect(runs.map(r => [r.pipeline.name, r.name, r.outcome])).toEqual([
      ['reco-ranker-training', 'reco-ranker-training-ddp', 'running'],
      ['reco-ranker-training', 'reco-ranker-training-ddp-nccl', 'failed'],
    ]);
    expect(desiredPyTorchRuns([ranker])[0].pipeline).toBe(ranker);
    expect(desiredPyTorchRuns([])).toEqual([]);
  });
});

describe('operatorPods', () => {
  it('names, labels and owns the pods as the Training Operator does', () => {
    const pods = operatorPods(created());
    expect(pods.map(p => p.metadata!.name)).toEqual([
      'reco-ranker-training-ddp-master-0',
      'reco-ranker-training-ddp-worker-0',
    ]);
    expect(pods[0].metadata!.labels).toMatchObject({
      'backstage.io/kubernetes-id': 'reco-ranker-training',
      'training.kubeflow.org/job-name': 'reco-ranker-training-ddp',
      'training.kubeflow.org/operator-name': 'pytorchjob-controller',
      'training.kubeflow.org/replica-type': 'master',
      'training.kubeflow.org/replica-index': '0',
      'training.kubeflow.org/job-role': 'master',
    });
    expect(pods[1].metadata!.labels).not.toHaveProperty(
      'training.kubeflow.org/job-role',
    );
    expect(pods[1].metadata!.ownerReferences).toEqual([
      {
        apiVersion: 'kubeflow.org/v1',
        kind: 'PyTorchJob',
        name: 'reco-ranker-training-ddp',
        uid: 'ptj-uid',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(pods[1].spec!.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'MASTER_ADDR', value: 'reco-ranker-training-ddp-master-0' },
        { name: 'WORLD_SIZE', value: '2' },
        { name: 'RANK', value: '1' },
      ]),
    );
    expect(pods[1].spec!.containers[0].resources!.limits).toMatchObject({
      'nvidia.com/gpu': '1',
    });
  });

  it("gives the failing run's pods to the simulator to fail, never to restart", () => {
    const [master] = operatorPods(created('failed'));
    expect(master.spec).toMatchObject({
      schedulerName: SIMULATED_SCHEDULER,
      restartPolicy: 'Never',
    });
    expect(master.metadata!.annotations![ANNOTATION_SIMULATED_PHASE]).toBe(
      'Failed',
    );
  });
});
