import { SchedulerService } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

/** A scheduled task that records what Kubernetes forgets. */
export interface HistoryCollector {
  run(signal: AbortSignal): Promise<unknown>;
}

/**
 * Runs `collector` every `frequency`, once at a time across backend
 * replicas (scope global), stopped after five minutes.
 */
export async function scheduleCollector(
  scheduler: SchedulerService,
  task: { id: string; frequency: HumanDuration; initialDelay: HumanDuration },
  collector: HistoryCollector,
): Promise<void> {
  await scheduler.scheduleTask({
    ...task,
    scope: 'global',
    timeout: { minutes: 5 },
    fn: async signal => {
      await collector.run(signal as AbortSignal);
    },
  });
}
