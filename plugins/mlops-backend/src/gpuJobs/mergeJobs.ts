import type { V1Pod } from '@kubernetes/client-node';
import { GpuJobRecord } from './jobRecord';
import { GpuJobStore, StoredGpuJob } from './GpuJobStore';
import { GpuJobTarget } from './jobTarget';

/** A job as merged from the live listing and the history, before its figures. */
export interface MergedJob extends StoredGpuJob {
  live: boolean;
  /** From its cluster's listing now, which had all its pods. */
  listed: boolean;
  pods: V1Pod[];
}

/** What the entity's clusters listed, and which of them answered. */
export interface LiveJobs {
  jobs: Array<{ record: GpuJobRecord; pods: V1Pod[] }>;
  answered: ReadonlySet<string>;
}

/** Which stored jobs a target reads: its namespace (on `clusters`, when given) or its team's. */
export function historyFilter(
  target: GpuJobTarget,
  since: Date,
  clusters?: string[],
): Parameters<GpuJobStore['list']>[0] {
  return {
    since,
    namespace: target.kind === 'selector' ? target.namespace : undefined,
    team: target.kind === 'team' ? target.team : undefined,
    ...(clusters ? { clusters } : {}),
  };
}

/**
 * The jobs of a target: every live one, then every stored one the live
 * listing lacks. A stored job of a cluster that answered is gone; one of a
 * cluster that did not answer is taken as still there. A team's jobs have no
 * live listing: they are live until the collector saw them gone. A Job
 * that is part of a listed PyTorchJob is counted in it.
 */
export function mergeJobs(input: {
  target: GpuJobTarget;
  /** The entity's owner (full ref), the team of live jobs the history does not know. */
  owner: string | null;
  live: LiveJobs;
  /** The stored jobs of the target, newest first. */
  stored: readonly StoredGpuJob[];
  now: Date;
}): MergedJob[] {
  const { target, owner, live, stored, now } = input;
  const merged = new Map<string, MergedJob>();
  for (const { record, pods } of live.jobs) {
    merged.set(`${record.cluster}/${record.uid}`, {
      ...record,
      entityRef: target.entityRef,
      team: owner,
      claimants: [],
      lastSeenAt: now.toISOString(),
      goneAt: null,
      live: true,
      listed: true,
      pods,
    });
  }
  for (const job of stored) {
    const key = `${job.cluster}/${job.uid}`;
    const known = merged.get(key);
    if (known) {
      // The live view may have lost what the history kept (pods deleted at the deadline).
      known.startedAt ??= job.startedAt;
      known.nodes = known.nodes.length ? known.nodes : job.nodes;
      known.gpuModel ??= job.gpuModel;
      // Whose it is was decided by the collector, not by who looks at it.
      if (job.entityRef) {
        known.entityRef = job.entityRef;
        known.team = job.team;
      }
      known.claimants = job.claimants;
      continue;
    }
    const gone =
      !!job.goneAt ||
      (target.kind === 'selector' && live.answered.has(job.cluster));
    merged.set(key, { ...job, live: !gone, listed: false, pods: [] });
  }
  return withoutPartsOfPyTorchJobs([...merged.values()]);
}

/**
 * A batch Job controlled by a PyTorchJob that is itself in the list is a
 * part of it, not a job of its own: it is left out, so its GPUs count once,
 * and its pods go to the PyTorchJob.
 */
export function withoutPartsOfPyTorchJobs(jobs: MergedJob[]): MergedJob[] {
  const key = (j: { cluster: string; namespace: string }, name: string) =>
    `${j.cluster}/${j.namespace}/${name}`;
  const partsOf = new Map<string, MergedJob[]>(
    jobs.filter(j => j.kind === 'PyTorchJob').map(j => [key(j, j.name), []]),
  );
  const own = jobs.filter(job => {
    if (job.kind === 'PyTorchJob') return true;
    const owner = job.controllers.find(
      c =>
        c.kind === 'PyTorchJob' &&
        c.apiVersion?.startsWith('kubeflow.org/') &&
        partsOf.has(key(job, c.name)),
    );
    if (owner) partsOf.get(key(job, owner.name))!.push(job);
    return !owner;
  });
  return own.map(job => {
    const parts = partsOf.get(key(job, job.name));
    if (job.kind !== 'PyTorchJob' || !parts?.length) return job;
    const known = new Set(job.pods.map(p => p.metadata?.uid));
    const pods = parts
      .flatMap(p => p.pods)
      .filter(p => !known.has(p.metadata?.uid));
    return { ...job, pods: [...job.pods, ...pods] };
  });
}
