import { Knex } from 'knex';
import { ScalingEvent } from '@internal/plugin-mlops-common';
import { isoOf } from '../shared/dates';
import { latestByKey } from './scalingEventMerge';

const EVENTS = 'mlops_scaling_events';
const OBSERVATIONS = 'mlops_hpa_observations';

/** A scaling event with the key that makes writing it idempotent. */
export interface ScalingEventRecord extends ScalingEvent {
  key: string;
}

/** The desired replicas of an HPA when the collector last looked. */
export interface HpaObservation {
  namespace: string;
  hpa: string;
  desiredReplicas: number | null;
}

/** One HPA of an entity. */
export interface HpaRef {
  cluster: string;
  namespace: string;
  hpa: string;
}

interface EventRow {
  event_key: string;
  cluster: string;
  namespace: string;
  hpa: string;
  source: ScalingEvent['source'];
  type: string | null;
  reason: string;
  message: string;
  from_replicas: number | null;
  to_replicas: number | null;
  count: number;
  occurred_at: Date | string | number;
}

/** SQLite hands dates back as numbers or strings, PostgreSQL as Date. */
/**
 * The scaling history in the plugin's database. Every write is idempotent:
 * events have a unique key, so several collectors (backend replicas, a
 * restart that reads the same Events again) never duplicate a row.
 */
export class ScalingEventStore {
  constructor(private readonly db: Knex) {}

  /** Writes events; a known key keeps its row, with the higher count and later time. */
  async record(events: ScalingEventRecord[]): Promise<void> {
    // One statement may not touch a row twice (PostgreSQL refuses it): one record per key.
    const unique = latestByKey(events);
    for (let i = 0; i < unique.length; i += 200) {
      const rows = unique.slice(i, i + 200).map(e => ({
        event_key: e.key,
        cluster: e.cluster,
        namespace: e.namespace,
        hpa: e.hpa,
        source: e.source,
        type: e.type,
        reason: e.reason.slice(0, 128),
        message: e.message.slice(0, 2000),
        from_replicas: e.fromReplicas,
        to_replicas: e.toReplicas,
        count: e.count,
        occurred_at: new Date(e.occurredAt),
      }));
      await this.db(EVENTS)
        .insert(rows)
        .onConflict('event_key')
        .merge(['count', 'occurred_at', 'message'])
        .where(`${EVENTS}.count`, '<', this.db.ref('excluded.count'));
    }
  }

  async observations(cluster: string): Promise<Map<string, HpaObservation>> {
    const rows = await this.db(OBSERVATIONS)
      .where({ cluster })
      .select('namespace', 'hpa', 'desired_replicas');
    return new Map(
      rows.map(r => [
        `${r.namespace}/${r.hpa}`,
        {
          namespace: r.namespace,
          hpa: r.hpa,
          desiredReplicas: r.desired_replicas,
        },
      ]),
    );
  }

  async observe(
    cluster: string,
    observed: HpaObservation[],
    at: Date,
  ): Promise<void> {
    for (let i = 0; i < observed.length; i += 200) {
      const rows = observed.slice(i, i + 200).map(o => ({
        cluster,
        namespace: o.namespace,
        hpa: o.hpa,
        desired_replicas: o.desiredReplicas,
        observed_at: at,
      }));
      await this.db(OBSERVATIONS)
        .insert(rows)
        .onConflict(['cluster', 'namespace', 'hpa'])
        .merge(['desired_replicas', 'observed_at']);
    }
  }

  /** Events of the given HPAs since `since`, newest first. */
  async list(
    hpas: HpaRef[],
    since: Date,
    limit: number,
  ): Promise<ScalingEventRecord[]> {
    if (hpas.length === 0) return [];
    const rows: EventRow[] = await this.db(EVENTS)
      .where('occurred_at', '>=', since)
      .andWhere(q => {
        for (const h of hpas) {
          q.orWhere({ cluster: h.cluster, namespace: h.namespace, hpa: h.hpa });
        }
      })
      .orderBy([
        { column: 'occurred_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit)
      .select();
    return rows.map(r => ({
      key: r.event_key,
      cluster: r.cluster,
      namespace: r.namespace,
      hpa: r.hpa,
      source: r.source,
      type: r.type,
      reason: r.reason,
      message: r.message,
      fromReplicas: r.from_replicas,
      toReplicas: r.to_replicas,
      count: r.count,
      occurredAt: isoOf(r.occurred_at),
    }));
  }

  /** Deletes what is older than `before`; returns the number of events deleted. */
  async prune(before: Date): Promise<number> {
    await this.db(OBSERVATIONS).where('observed_at', '<', before).delete();
    return this.db(EVENTS).where('occurred_at', '<', before).delete();
  }
}
