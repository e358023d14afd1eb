import { SourceReport } from './answers';
import { ServingStatus } from './serving';

/** Path (below the plugin's base URL) of the fleet answer. @public */
export const FLEET_PATH = '/fleet';

/** Signals channel the backend publishes on when the fleet answer changes. @public */
export const FLEET_SIGNAL_CHANNEL = 'mlops:fleet';

/**
 * Signals channel of one entity: published on when a figure the fleet holds
 * of it changes (status, traffic, replicas, GPU jobs). @public
 */
export function entitySignalChannel(entityRef: string): string {
  return `mlops:entity:${entityRef.toLocaleLowerCase('en-US')}`;
}

/** What a signal on an mlops channel carries: when the answer changed, no data. @public */
export type MlopsSignalMessage = {
  evaluatedAt: string;
};

/** Replicas of a service against its autoscaler's ceiling. @public */
export interface FleetReplicas {
  ready: number;
  desired: number;
  /** The HPA's maxReplicas; null without an HPA. */
  max: number | null;
  /** Every HPA of the service is at its maxReplicas (its ScalingLimited condition). */
  pinnedAtMax: boolean;
  /** Since when it has been pinned at max; null when not pinned or when the HPA does not say. */
  pinnedAtMaxSince: string | null;
}

/** One model service of the fleet. @public */
export interface FleetServiceRow {
  entityRef: string;
  name: string;
  title: string | null;
  /** Full ref of spec.owner, e.g. `group:default/fraud-ml`; null when none. */
  owner: string | null;
  /** Full ref of spec.system; null when none. */
  system: string | null;
  /** The `mlops-portal.io/framework` annotation or tag; null when unknown. */
  framework: string | null;
  namespace: string | null;
  clusters: string[];
  status: ServingStatus;
  /** The finding that decided the status, in words. */
  reason: string;
  requestsPerSecond: number | null;
  /** Failed requests over all, last 5 minutes. */
  errorRatio: number | null;
  latencyP95Ms: number | null;
  latencyP95ObjectiveMs: number | null;
  /** Share of the SLO window's error budget left (negative when overspent). */
  errorBudgetRemaining: number | null;
  /** Burn rate over the last hour (1 = spends the budget exactly over the window). */
  burnRate1h: number | null;
  replicas: FleetReplicas | null;
  /** GPU-equivalents its running pods request (a MIG slice counts its fraction). */
  gpusAllocated: number;
  /** Mean DCGM utilisation of its GPUs, 0..1; null when none report. */
  gpuUtilisation: number | null;
}

/** One group's services and GPUs, rolled up. @public */
export interface FleetTeamRow {
  /** Full ref of the owner; `unowned` rows have none. */
  owner: string | null;
  services: number;
  byStatus: Record<ServingStatus, number>;
  /** Highest 1-hour burn rate of its services; null when none is measured. */
  worstBurnRate1h: number | null;
  /** Services whose error budget is spent. */
  budgetExhausted: number;
  /** GPU-equivalents, as every GPU figure of the fleet: a MIG slice counts its fraction. */
  gpusAllocated: number;
  gpusIdle: number;
  /** GPU-equivalent hours. */
  gpuHoursThisWeek: number;
  /** GPU-hours this week at the configured prices; hours of unpriced GPU models count nothing (see `FleetGpuCost.unpricedModels`). */
  costThisWeek: number;
}

/** GPUs of one model on one cluster. @public */
export interface FleetGpuPool {
  cluster: string;
  /** The nodes' `nvidia.com/gpu.product` label; `unknown` without it. */
  gpuModel: string;
  /** Allocatable GPUs of its nodes, in GPU-equivalents: a MIG node offers the sum of its slices' fractions. */
  capacity: number;
  /** GPU-equivalents requested by pods running on them. */
  allocated: number;
  /** Allocated GPU-equivalents of running pods idle by the idle rule of the GPU jobs. */
  idle: number;
}

/** A GPU job waiting to run. @public */
export interface FleetPendingJob {
  cluster: string;
  namespace: string;
  name: string;
  team: string | null;
  entityRef: string | null;
  /** GPUs or MIG slices it asks for. */
  gpus: number;
  /** What they amount to in GPUs (a MIG slice counts its fraction). */
  gpuEquivalents: number;
  /** The MIG profiles of its slices; null for whole GPUs. */
  migProfile: string | null;
  reason: string | null;
  waitingSince: string;
}

/** What GPU-hours cost, per GPU model. @public */
export interface FleetGpuCost {
  currency: string;
  /** Price per GPU-hour by GPU model, as configured. */
  pricePerGpuHour: Record<string, number>;
  /** GPU models with GPU-hours this week but no price: their hours are not costed. */
  unpricedModels: string[];
}

/** GPU-hours and cost of one model service this week. @public */
export interface FleetServiceGpuHours {
  entityRef: string;
  owner: string | null;
  /** GPU-equivalent hours. */
  gpuHours: number;
  /** At the configured prices; hours of unpriced GPU models count nothing. */
  cost: number;
}

/** The GPUs of the fleet. @public */
export interface FleetGpus {
  pools: FleetGpuPool[];
  pendingJobs: FleetPendingJob[];
  /** Start of the week (Monday 00:00 UTC) GPU-hours are counted from. */
  weekStart: string;
  services: FleetServiceGpuHours[];
  cost: FleetGpuCost;
}

/** The fleet answer, computed by a scheduled task and served to every viewer. @public */
export interface FleetView {
  state: 'ok';
  evaluatedAt: string;
  /** How long its computation took. */
  buildMs: number;
  /** Upstream requests its computation made (catalog, Prometheus, clusters). */
  upstreamRequests: number;
  services: FleetServiceRow[];
  teams: FleetTeamRow[];
  gpus: FleetGpus;
  sources: SourceReport[];
  /** False when the viewer sees only the services their groups own. */
  wholeFleet: boolean;
}

/** Not computed yet: the first run of the fleet task has not finished. @public */
export interface FleetPending {
  state: 'pending';
  message: string;
}

/** @public */
export type FleetResponse = FleetView | FleetPending;
