import type { Pod } from './kubeTypes';
import { PyTorchJob, pytorchJobManifest } from './pytorchJobs';
import { isFinished, pytorchJobStatus } from './pytorchJobStatus';

const T0 = '2026-12-04T10:00:00.000Z';
const T1 = '2026-12-04T10:01:00.000Z';

/** The job as the apiserver returns it once created. */
function created(outcome: 'running' | 'failed' = 'running'): PyTorchJob {
  const job = pytorchJobManifest({
    pipeline: {
      name: 'reco-ranker-training',
      namespace: 'recsys',
      team: 'recsys',
      system: 'recommendations',
      gpusPerRun: 4,
    },
    name: 'reco-ranker-training-ddp',
    outcome,
  });
  return { ...job, metadata: { ...job.metadata, uid: 'ptj-uid' } };
}

function pod(type: 'master' | 'worker', phase: string): Pod {
  return {
    metadata: {
      name: `reco-ranker-training-ddp-${type}-0`,
      labels: { 'training.kubeflow.org/replica-type': type },
    },
    spec: { containers: [] },
    status: { phase },
  };
}

describe('pytorchJobStatus', () => {
  const reasons = (job: PyTorchJob) =>
    job.status!.conditions!.map(c => `${c.type}=${c.status}:${c.reason}`);

  it('created: the Created condition, the start, a selector per replica type', () => {
    const status = pytorchJobStatus(created(), [], T0);
    expect(status).toEqual({
      conditions: [
        {
          type: 'Created',
          status: 'True',
          reason: 'PyTorchJobCreated',
          message: 'PyTorchJob reco-ranker-training-ddp is created.',
          lastUpdateTime: T0,
          lastTransitionTime: T0,
        },
      ],
      replicaStatuses: {
        Master: {
          selector:
            'training.kubeflow.org/job-name=reco-ranker-training-ddp,training.kubeflow.org/operator-name=pytorchjob-controller,training.kubeflow.org/replica-type=master',
        },
        Worker: {
          selector:
            'training.kubeflow.org/job-name=reco-ranker-training-ddp,training.kubeflow.org/operator-name=pytorchjob-controller,training.kubeflow.org/replica-type=worker',
        },
      },
      startTime: T0,
    });
  });

  it('running once its master runs; unchanged conditions keep their times', () => {
    const first = { ...created(), status: pytorchJobStatus(created(), [], T0) };
    const pods = [pod('master', 'Running'), pod('worker', 'Running')];
    const running = { ...first, status: pytorchJobStatus(first, pods, T1) };
    expect(reasons(running)).toEqual([
      'Created=True:PyTorchJobCreated',
      'Running=True:PyTorchJobRunning',
    ]);
    expect(running.status!.conditions![0].lastTransitionTime).toBe(T0);
    expect(running.status!.replicaStatuses).toMatchObject({
      Master: { active: 1 },
      Worker: { active: 1 },
    });
    expect(pytorchJobStatus(running, pods, '2026-12-04T11:00:00.000Z')).toEqual(
      running.status,
    );
    expect(isFinished(running)).toBe(false);
  });

  it('failed when a replica with restart policy Never failed; then nothing changes', () => {
    const job = created('failed');
    const pods = [pod('master', 'Failed'), pod('worker', 'Failed')];
    const failed = { ...job, status: pytorchJobStatus(job, pods, T1) };
    expect(reasons(failed)).toEqual([
      'Created=True:PyTorchJobCreated',
      'Failed=True:PyTorchJobFailed',
    ]);
    expect(failed.status!.conditions![1].message).toBe(
      'PyTorchJob reco-ranker-training-ddp is failed because 1 Master replica(s) failed.',
    );
    expect(failed.status).toMatchObject({
      completionTime: T1,
      replicaStatuses: { Master: { failed: 1 }, Worker: { failed: 1 } },
    });
    expect(isFinished(failed)).toBe(true);
    const later = pytorchJobStatus(failed, pods, '2026-12-04T11:00:00.000Z');
    expect(later.conditions).toEqual(failed.status!.conditions);
    expect(later.completionTime).toBe(T1);
  });

  it('restarting when a replica that may restart failed, in place of Running', () => {
    const running = {
      ...created(),
      status: pytorchJobStatus(created(), [pod('master', 'Running')], T0),
    };
    const pods = [pod('master', 'Running'), pod('worker', 'Failed')];
    const restarting = {
      ...running,
      status: pytorchJobStatus(running, pods, T1),
    };
    expect(reasons(restarting)).toEqual([
      'Created=True:PyTorchJobCreated',
      'Restarting=True:PyTorchJobRestarting',
    ]);
  });

  it('succeeded once every master succeeded; Running turns False', () => {
    const running = {
      ...created(),
      status: pytorchJobStatus(created(), [pod('master', 'Running')], T0),
    };
    const pods = [pod('master', 'Succeeded'), pod('worker', 'Succeeded')];
    const done = { ...running, status: pytorchJobStatus(running, pods, T1) };
    expect(reasons(done)).toEqual([
      'Created=True:PyTorchJobCreated',
      'Running=False:PyTorchJobRunning',
      'Succeeded=True:PyTorchJobSucceeded',
    ]);
    expect(done.status!.completionTime).toBe(T1);
    expect(isFinished(done)).toBe(true);
  });
});
