import { CompoundEntityRef } from '@backstage/catalog-model';
import { EntityNotConfigured, SourceReport } from './answers';

/** Longest period of GPU-hours an answer covers, in days. @public */
export const GPU_JOBS_MAX_DAYS = 90;

function entityPath(ref: CompoundEntityRef): string {
  return [ref.kind, ref.namespace, ref.name]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/');
}

/** Path (below the plugin's base URL) of an entity's GPU jobs over the last `days`. @public */
export function gpuJobsPath(ref: CompoundEntityRef, days: number): string {
  return `/entities/${entityPath(ref)}/gpu-jobs?days=${days}`;
}

/** Path (below the plugin's base URL) of one GPU job's pods and events. @public */
export function gpuJobDetailPath(
  ref: CompoundEntityRef,
  job: { cluster: string; namespace: string; name: string },
): string {
  const parts = [job.cluster, job.namespace, job.name].map(encodeURIComponent);
  return `/entities/${entityPath(ref)}/gpu-jobs/${parts.join('/')}`;
}

/** Where a GPU job is in its life. @public */
export type GpuJobState = 'pending' | 'running' | 'succeeded' | 'failed';

/**
 * What made the job a GPU job's workload: a plain Job, a CronJob's child, a
 * Kubeflow training job (PyTorchJob, ...) or a Kueue workload. @public
 */
export interface GpuJobController {
  kind: string;
  name: string;
  apiVersion?: string;
}

/**
 * What the job is: a batch/v1 `Job`, or a Kubeflow `PyTorchJob`
 * (kubeflow.org/v1) listed by its own kind. @public
 */
export type GpuJobKind = 'Job' | 'PyTorchJob';

/**
 * One replica type of a PyTorchJob (`Master`, `Worker`): the replicas its
 * spec asks for and the pods the Training Operator counts in its status. @public
 */
export interface GpuJobReplicaStatus {
  type: string;
  replicas: number;
  active: number;
  succeeded: number;
  failed: number;
}

/** Live figures of the job's GPUs from the DCGM exporter; null when none. @public */
export interface GpuUtilisation {
  /**
   * Mean GPU utilisation over the job's GPUs, 0..100, each weighing its share
   * of a GPU; a MIG slice's is its graphics engine activity.
   */
  gpuUtilPercent: number | null;
  /** Highest utilisation of any of its GPUs (or MIG slices) over the idle window, 0..100. */
  maxUtilOverIdleWindowPercent: number | null;
  memoryUsedMiB: number | null;
  memoryTotalMiB: number | null;
  powerWatts: number | null;
  /** GPUs and MIG slices the exporter reports for the job's pods. */
  gpusReporting: number;
}

/**
 * A ClusterQueue's quota of one GPU resource in one ResourceFlavor, and what
 * admitted workloads take of it. @public
 */
export interface GpuQueueQuota {
  flavor: string;
  /** e.g. `nvidia.com/gpu`. */
  resource: string;
  nominal: number;
  /** How much more it may borrow from its cohort; null when unlimited (or no cohort). */
  borrowingLimit: number | null;
  /** Quota reserved by workloads (Kueue's `flavorsReservation`). */
  reserved: number;
  /** Quota used by admitted workloads (`flavorsUsage`). */
  used: number;
  /** Of `used`, what is borrowed from the cohort. */
  borrowed: number;
}

/**
 * A Kueue ClusterQueue behind a LocalQueue of the entity's namespace (a
 * team's: of each namespace it holds). @public
 */
export interface GpuQueueSummary {
  cluster: string;
  namespace: string;
  localQueue: string;
  /** null when the LocalQueue names a ClusterQueue that does not exist. */
  clusterQueue: string | null;
  cohort: string | null;
  pendingWorkloads: number;
  admittedWorkloads: number;
  quota: GpuQueueQuota[];
}

/**
 * Where a job's Kueue Workload is: admitted, or waiting at a position and
 * why. `positionSource` says whether Kueue's visibility API gave the
 * position or the portal ordered the pending workloads it can read itself
 * (priority, then creation). @public
 */
export interface GpuJobQueue {
  workload: string;
  localQueue: string;
  clusterQueue: string | null;
  admitted: boolean;
  /** 1 is next; null once admitted or when unknown. */
  position: number | null;
  positionSource: 'visibility-api' | 'creation-order' | null;
  /** Kueue's reason and message of the QuotaReserved condition while it waits. */
  reason: string | null;
  message: string | null;
}

/** One GPU job, live or from the plugin's history. @public */
export interface GpuJob {
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  kind: GpuJobKind;
  /** A PyTorchJob's replica types, Master first; absent for a Job. */
  replicas?: GpuJobReplicaStatus[];
  /** Who made it: a CronJob, a Kubeflow training job, a Kueue workload. */
  controllers: GpuJobController[];
  /** Kueue queue the workload waits in, when it has one. */
  queueName: string | null;
  /** Its Kueue Workload, for a live job Kueue manages. */
  queue?: GpuJobQueue;
  state: GpuJobState;
  /** Why it is pending or failed: Unschedulable, OOMKilled, BackoffLimitExceeded, DeadlineExceeded, ... */
  reason: string | null;
  message: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** From creation to start, or to now while pending. */
  waitSeconds: number;
  /** From start to finish, or to now while running. */
  durationSeconds: number | null;
  /**
   * GPUs (or MIG slices) its running pods hold; when not running, those of
   * the pods it runs at once (a PyTorchJob: every replica of every type).
   */
  gpus: number;
  /** What `gpus` amount to in GPUs: a MIG slice counts its fraction (`3g.40gb` = 3/7). */
  gpuEquivalents: number;
  /** The extended resource, e.g. `nvidia.com/gpu` or `nvidia.com/mig-3g.40gb`. */
  gpuResource: string;
  /** The MIG profiles of its slices (`3g.40gb`; several: `3g.40gb, 1g.10gb`), null for whole GPUs. */
  migProfile: string | null;
  nodes: string[];
  /** From the node's `nvidia.com/gpu.product` label, or the DCGM exporter. */
  gpuModel: string | null;
  /** Failed pod attempts. */
  retries: number;
  utilisation: GpuUtilisation | null;
  /** Running, GPUs allocated and utilisation below the threshold for the whole idle window. */
  idle: boolean;
  /**
   * The GPU time of its pods (each pod's GPUs from start to end), within the
   * answer's period, in GPU-equivalent hours: a MIG slice counts its fraction.
   */
  gpuHours: number;
  /**
   * Part of its GPU time ends at a guess: a pod went while the portal was
   * not watching (its last sighting, or its Job's completion, is taken), or
   * it was recorded before per-pod history.
   */
  gpuHoursEstimated: boolean;
  /** False once Kubernetes deleted it (TTL, cleanup): only the history knows it. */
  live: boolean;
  /** The entity the job is attributed to, a full ref. */
  entityRef: string | null;
  /** Its owner, a full ref (`group:default/fraud-ml`, `user:default/bob`); null when unknown. */
  team: string | null;
  /**
   * Every entity that may claim the job when more than one does (sorted full
   * refs): a conflict the platform team resolves. Empty otherwise.
   */
  claimants: string[];
}

/** GPU-equivalent hours of one UTC day. @public */
export interface GpuHoursDay {
  /** YYYY-MM-DD */
  day: string;
  gpuHours: number;
}

/** The entity's GPU jobs, their GPU-hours and what the sources said. @public */
export interface GpuJobsView {
  state: 'ok';
  entityRef: string;
  /** The team whose jobs these are, for a Group: its full ref. */
  team: string | null;
  evaluatedAt: string;
  periodDays: number;
  idleThreshold: { utilisationPercent: number; forMinutes: number };
  jobs: GpuJob[];
  totals: {
    running: number;
    pending: number;
    failed: number;
    idle: number;
    /** GPU-equivalents of the running jobs (a MIG slice counts its fraction). */
    gpusInUse: number;
    /** GPU-equivalent hours. */
    gpuHours: number;
  };
  gpuHoursByDay: GpuHoursDay[];
  /**
   * Kueue's queues of the entity's namespace (a team's: the LocalQueues of
   * the namespaces `mlops.tenancy` binds it), with their GPU quota and usage.
   */
  queues: GpuQueueSummary[];
  /** When the history collector last wrote; null when it never ran. */
  historyUpdatedAt: string | null;
  sources: SourceReport[];
  cached: boolean;
}

/** Answer of the gpu-jobs endpoint. @public */
export type GpuJobsResponse = GpuJobsView | EntityNotConfigured;

/** One pod of a GPU job, for the job drawer. @public */
export interface GpuJobPod {
  name: string;
  phase: string;
  node: string | null;
  startedAt: string | null;
  restarts: number;
  containers: Array<{
    name: string;
    state: string;
    reason: string | null;
    exitCode: number | null;
  }>;
  /** A link to the pod's logs, when `mlops.gpuJobs.logsUrlTemplate` is set. */
  logsUrl: string | null;
}

/** A Kubernetes Event about the job or its pods. @public */
export interface GpuJobEvent {
  type: string;
  reason: string;
  message: string;
  object: string;
  count: number;
  lastSeen: string | null;
}

/** The drawer of one job. @public */
export interface GpuJobDetail {
  job: GpuJob | null;
  pods: GpuJobPod[];
  events: GpuJobEvent[];
  sources: SourceReport[];
}

/** The drawer of one job, or why the entity cannot be read. @public */
export type GpuJobDetailResponse = GpuJobDetail | EntityNotConfigured;
