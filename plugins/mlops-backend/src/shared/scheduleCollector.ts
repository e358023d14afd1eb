import { SchedulerService } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';
import { Duration } from 'luxon';
import { CollectorRunClaims } from './CollectorRunClaims';

/** A scheduled task that records what Kubernetes forgets. */
export interface HistoryCollector {
  run(signal: AbortSignal): Promise<unknown>;
}

/**
 * Runs `collector` every `frequency`, once at a time across backend
 * replicas (scope global: the scheduler's lock in the database), aborted
 * after `timeout`, and at most once per interval (`claims`: a run starts
 * only when none started in the last half interval). A replica killed
 * mid-run keeps the lock until `timeout` passes; what the run wrote stays,
 * since each write is an idempotent upsert.
 */
export async function scheduleCollector(
  scheduler: SchedulerService,
  task: {
    id: string;
    frequency: HumanDuration;
    initialDelay: HumanDuration;
    timeout: HumanDuration;
  },
  collector: HistoryCollector,
  claims: CollectorRunClaims,
): Promise<void> {
  const minGapMs = Duration.fromObject(task.frequency).as('milliseconds') / 2;
  await scheduler.scheduleTask({
    ...task,
    scope: 'global',
    fn: async signal => {
      if (!(await claims.claim(task.id, minGapMs))) return;
      await collector.run(signal as AbortSignal);
    },
  });
}
