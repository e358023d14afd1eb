import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type {
  CoreV1Event,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { ListLimits, ObjectBudget } from '../upstream/kubernetes/listPages';
import { KubernetesAutoscalingReader } from './KubernetesAutoscalingReader';
import { eventRecord, observedChanges } from './scalingEvents';
import { ScalingEventStore } from './ScalingEventStore';

/** What one run did, per cluster. */
export interface CollectorRun {
  clusters: Array<{
    cluster: string;
    ok: boolean;
    hpas: number;
    events: number;
    changes: number;
    requests: number;
    error?: string;
  }>;
  pruned: number;
  durationMs: number;
}

/**
 * The scheduled task that keeps the scaling history: per cluster, one list
 * of HPAs and one of their Events, written idempotently, then the rows
 * older than the retention are pruned. Runs once across backend replicas
 * (the scheduler's global scope); a second runner at the same time only
 * rewrites the same keys.
 */
export class ScalingEventCollector {
  constructor(
    private readonly options: {
      reader: KubernetesAutoscalingReader;
      store: ScalingEventStore;
      auth: AuthService;
      logger: LoggerService;
      retentionMs: number;
      limits: ListLimits;
    },
  ) {}

  async run(signal?: AbortSignal): Promise<CollectorRun> {
    const started = Date.now();
    const { reader, auth, logger } = this.options;
    const clusters = await reader.allClusters(
      await auth.getOwnServiceCredentials(),
    );
    const results: CollectorRun['clusters'] = [];
    const budget = ObjectBudget.perCollectorRun(this.options.limits);
    for (const cluster of clusters) {
      if (signal?.aborted) break;
      const answer = await reader.read(cluster, {}, signal, budget);
      if (!answer.ok) {
        logger.warn(
          `Scaling history of ${cluster.name} not collected: ${answer.error.message}`,
        );
        results.push({
          cluster: cluster.name,
          ok: false,
          hpas: 0,
          events: 0,
          changes: 0,
          requests: answer.requests,
          error: answer.error.message,
        });
        continue;
      }
      const written = await this.collect(
        cluster.name,
        answer.hpas,
        answer.events,
        new Date(),
      );
      results.push({
        cluster: cluster.name,
        ok: true,
        requests: answer.requests,
        ...written,
      });
    }
    const pruned = await this.options.store.prune(
      new Date(Date.now() - this.options.retentionMs),
    );
    const run = { clusters: results, pruned, durationMs: Date.now() - started };
    const count = (key: 'hpas' | 'events' | 'changes' | 'requests') =>
      results.reduce((n, c) => n + c[key], 0);
    logger.info(
      `Scaling history: ${results.length} cluster(s), ${count(
        'hpas',
      )} HPAs, ${count('events')} Events, ${count('changes')} changes, ${count(
        'requests',
      )} requests, ${pruned} pruned, in ${run.durationMs} ms`,
    );
    return run;
  }

  /** Records what one cluster shows now. */
  async collect(
    cluster: string,
    hpas: V2HorizontalPodAutoscaler[],
    events: CoreV1Event[],
    now: Date,
  ): Promise<{ hpas: number; events: number; changes: number }> {
    const { store } = this.options;
    const records = events.flatMap(e => eventRecord(cluster, e) ?? []);
    const { changes, observations } = observedChanges(
      cluster,
      hpas,
      await store.observations(cluster),
      now,
    );
    await store.record([...records, ...changes]);
    await store.observe(cluster, observations, now);
    return {
      hpas: hpas.length,
      events: records.length,
      changes: changes.length,
    };
  }
}
