import type { Pod } from './kubeTypes';
import {
  operatorLabels,
  PyTorchJob,
  PyTorchJobStatus,
  REPLICA_TYPE_LABEL,
  ReplicaStatus,
  replicaTypes,
} from './pytorchJobs';

/*
 * The status Kubeflow's Training Operator v1.9.3 writes for a PyTorchJob
 * (pkg/controller.v1/pytorch/pytorchjob_controller.go, updateJobStatus, and
 * pkg/util/status.go), which the sandbox's simulator writes in its place.
 */

type JobCondition = NonNullable<PyTorchJobStatus['conditions']>[number];

const isTrue = (conditions: JobCondition[], type: string) =>
  conditions.some(c => c.type === type && c.status === 'True');

/**
 * The operator's setCondition: nothing changes once Failed; a condition of
 * the same status and reason stays as it is; Running and Restarting replace
 * each other; Succeeded or Failed turn Running False.
 */
function setCondition(
  conditions: JobCondition[],
  type: string,
  reason: string,
  message: string,
  nowIso: string,
): JobCondition[] {
  if (isTrue(conditions, 'Failed')) return conditions;
  const current = conditions.find(c => c.type === type);
  if (current?.status === 'True' && current.reason === reason) {
    return conditions;
  }
  const pair = ['Running', 'Restarting'];
  const finishing = type === 'Succeeded' || type === 'Failed';
  const rest = conditions
    .filter(
      c => c.type !== type && !(pair.includes(type) && pair.includes(c.type)),
    )
    .map(c =>
      finishing && c.type === 'Running' ? { ...c, status: 'False' } : c,
    );
  return [
    ...rest,
    {
      type,
      status: 'True',
      reason,
      message,
      lastUpdateTime: nowIso,
      lastTransitionTime:
        current?.status === 'True' ? current.lastTransitionTime : nowIso,
    },
  ];
}

/**
 * The status the operator writes for the job and its pods now: each
 * replica type's pods counted by phase, Created, Running while the master
 * runs, Succeeded once every master replica did, Failed (or Restarting,
 * unless the restart policy is Never) when a replica failed.
 */
export function pytorchJobStatus(
  job: PyTorchJob,
  pods: readonly Pod[],
  nowIso: string,
): PyTorchJobStatus {
  const { name } = job.metadata;
  const previous = job.status ?? {};
  let conditions = setCondition(
    previous.conditions ?? [],
    'Created',
    'PyTorchJobCreated',
    `PyTorchJob ${name} is created.`,
    nowIso,
  );
  let completionTime = previous.completionTime;
  const replicaStatuses: Record<string, ReplicaStatus> = {};
  for (const type of replicaTypes(job)) {
    const spec = job.spec.pytorchReplicaSpecs[type];
    const own = pods.filter(
      p => p.metadata.labels?.[REPLICA_TYPE_LABEL] === type.toLowerCase(),
    );
    const phase = (x: string) => own.filter(p => p.status?.phase === x).length;
    const [active, succeeded, failed] = [
      phase('Running'),
      phase('Succeeded'),
      phase('Failed'),
    ];
    replicaStatuses[type] = {
      ...(active ? { active } : {}),
      ...(succeeded ? { succeeded } : {}),
      ...(failed ? { failed } : {}),
      selector: Object.entries(operatorLabels(name, type))
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    };
    if (type === 'Master' && active > 0) {
      conditions = setCondition(
        conditions,
        'Running',
        'PyTorchJobRunning',
        `PyTorchJob ${name} is running.`,
        nowIso,
      );
    }
    if (type === 'Master' && spec.replicas - succeeded === 0) {
      completionTime ??= nowIso;
      conditions = setCondition(
        conditions,
        'Succeeded',
        'PyTorchJobSucceeded',
        `PyTorchJob ${name} is successfully completed.`,
        nowIso,
      );
    }
    if (failed > 0 && spec.replicas > succeeded + active) {
      const why = `${failed} ${type} replica(s) failed.`;
      if (spec.restartPolicy === 'Never') {
        completionTime ??= nowIso;
        conditions = setCondition(
          conditions,
          'Failed',
          'PyTorchJobFailed',
          `PyTorchJob ${name} is failed because ${why}`,
          nowIso,
        );
      } else {
        conditions = setCondition(
          conditions,
          'Restarting',
          'PyTorchJobRestarting',
          `PyTorchJob ${name} is restarting because ${why}`,
          nowIso,
        );
      }
    }
  }
  return {
    conditions,
    replicaStatuses,
    startTime: previous.startTime ?? nowIso,
    ...(completionTime ? { completionTime } : {}),
  };
}

/** Whether the operator is done with the job: it no longer makes pods. */
export function isFinished(job: PyTorchJob): boolean {
  const conditions = job.status?.conditions ?? [];
  return isTrue(conditions, 'Succeeded') || isTrue(conditions, 'Failed');
}
