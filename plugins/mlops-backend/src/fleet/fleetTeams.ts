import {
  FleetServiceRow,
  FleetTeamRow,
  ServingStatus,
} from '@internal/plugin-mlops-common';
import { GpuPrices } from '../config/gpuPrices';
import { costOf, GpuPod, WeekGpuHours } from './fleetGpus';

const noStatus = (): Record<ServingStatus, number> => ({
  healthy: 0,
  degraded: 0,
  down: 0,
  unknown: 0,
});

/**
 * The fleet per owner: services by status, the worst burn rate, budgets
 * spent, GPUs allocated and idle, and GPU-hours this week with their cost.
 * Every owner of a service, a GPU pod or GPU-hours of the week has a row.
 */
export function teamRows(input: {
  services: readonly FleetServiceRow[];
  gpuPods: readonly GpuPod[];
  weekGpuHours: readonly WeekGpuHours[];
  prices: GpuPrices;
}): FleetTeamRow[] {
  const teams = new Map<string, FleetTeamRow>();
  const rowOf = (owner: string | null) => {
    const key = owner ?? '';
    let row = teams.get(key);
    if (!row) {
      teams.set(
        key,
        (row = {
          owner,
          services: 0,
          byStatus: noStatus(),
          worstBurnRate1h: null,
          budgetExhausted: 0,
          gpusAllocated: 0,
          gpusIdle: 0,
          gpuHoursThisWeek: 0,
          costThisWeek: 0,
        }),
      );
    }
    return row;
  };
  for (const s of input.services) {
    const row = rowOf(s.owner);
    row.services += 1;
    row.byStatus[s.status] += 1;
    if (s.burnRate1h !== null) {
      row.worstBurnRate1h = Math.max(row.worstBurnRate1h ?? 0, s.burnRate1h);
    }
    if (s.errorBudgetRemaining !== null && s.errorBudgetRemaining <= 0) {
      row.budgetExhausted += 1;
    }
  }
  for (const pod of input.gpuPods) {
    const row = rowOf(pod.team);
    row.gpusAllocated += pod.gpuEquivalents;
    if (pod.idle) row.gpusIdle += pod.gpuEquivalents;
  }
  for (const job of input.weekGpuHours) {
    if (job.gpuHours <= 0) continue;
    const row = rowOf(job.team);
    row.gpuHoursThisWeek += job.gpuHours;
    const cost = costOf(input.prices, job.gpuModel, job.gpuHours);
    row.costThisWeek += cost ?? 0;
  }
  return [...teams.values()].sort(
    (a, b) =>
      b.byStatus.down - a.byStatus.down ||
      b.byStatus.degraded - a.byStatus.degraded ||
      Number(a.owner === null) - Number(b.owner === null) ||
      (a.owner ?? '').localeCompare(b.owner ?? ''),
  );
}
