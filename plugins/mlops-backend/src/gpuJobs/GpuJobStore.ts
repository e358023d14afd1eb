import { Knex } from 'knex';
import { gpuEquivalentOf, migSliceOf } from '@internal/plugin-mlops-common';
import { chunksOf } from '../shared/chunks';
import { isoOf, isoOrNull } from '../shared/dates';
import { GpuJobRecord } from './jobRecord';

const TABLE = 'mlops_gpu_jobs';

/** Whose a job is, as the collector attributed it. */
export interface GpuJobOwnership {
  entityRef: string | null;
  /** The entity's owner, a full ref: `group:default/fraud-ml`, `user:default/bob`. */
  team: string | null;
  /** Every eligible claimant when several claim the job (sorted); else empty. */
  claimants: string[];
}

/** A record with what the collector adds: whose it is and when it was seen. */
export interface StoredGpuJob extends GpuJobRecord, GpuJobOwnership {
  lastSeenAt: string;
  /** When the collector found it deleted from its cluster. */
  goneAt: string | null;
}

interface Row {
  cluster: string;
  uid: string;
  namespace: string;
  name: string;
  labels: string;
  controllers: string;
  queue_name: string | null;
  entity_ref: string | null;
  team: string | null;
  claimants: string | null;
  state: GpuJobRecord['state'];
  reason: string | null;
  message: string | null;
  gpus: number;
  /** Null in rows a replica of an earlier release wrote. */
  gpu_equivalents: number | null;
  gpu_resource: string;
  mig_profile: string | null;
  nodes: string;
  gpu_model: string | null;
  retries: number;
  created_at: Date | string | number;
  started_at: Date | string | number | null;
  finished_at: Date | string | number | null;
  last_seen_at: Date | string | number;
  gone_at: Date | string | number | null;
}

const dateOf = (iso: string | null) => (iso ? new Date(iso) : null);

function fromRow(row: Row): StoredGpuJob {
  return {
    cluster: row.cluster,
    uid: row.uid,
    namespace: row.namespace,
    name: row.name,
    labels: JSON.parse(row.labels),
    controllers: JSON.parse(row.controllers),
    queueName: row.queue_name,
    entityRef: row.entity_ref,
    team: row.team,
    claimants: row.claimants ? JSON.parse(row.claimants) : [],
    state: row.state,
    reason: row.reason,
    message: row.message,
    gpus: row.gpus,
    gpuEquivalents:
      row.gpu_equivalents ?? gpuEquivalentOf(row.gpu_resource, row.gpus),
    gpuResource: row.gpu_resource,
    migProfile:
      row.mig_profile ?? migSliceOf(row.gpu_resource)?.profile ?? null,
    nodes: JSON.parse(row.nodes),
    gpuModel: row.gpu_model,
    retries: row.retries,
    createdAt: isoOf(row.created_at),
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
    lastSeenAt: isoOf(row.last_seen_at),
    goneAt: isoOrNull(row.gone_at),
  };
}

/** Which stored jobs to read. */
export interface GpuJobFilter {
  /** Jobs that ran, waited or finished after this time. */
  since: Date;
  namespace?: string;
  /** The owner's full ref, e.g. `group:default/fraud-ml`. */
  team?: string;
  clusters?: string[];
}

/**
 * GPU jobs in the plugin's database, one row per cluster and Job UID. Writes
 * are idempotent upserts, so two collectors at once (backend replicas) or a
 * restart that sees the same Jobs again never duplicate a row; a known start
 * or node is never overwritten by a later view that lost it (pods deleted).
 */
export class GpuJobStore {
  constructor(private readonly db: Knex) {}

  /**
   * Writes what the collector saw. A null `entityRef`, `team` or `claimants`
   * keeps what is stored (the catalog did not answer, or nobody new may own it).
   */
  async upsert(
    jobs: Array<
      GpuJobRecord & {
        entityRef: string | null;
        team: string | null;
        claimants: string[] | null;
      }
    >,
    seenAt: Date,
  ): Promise<void> {
    for (const chunk of chunksOf(jobs, 100)) {
      const rows = chunk.map(j => ({
        cluster: j.cluster,
        uid: j.uid,
        namespace: j.namespace,
        name: j.name,
        labels: JSON.stringify(j.labels),
        controllers: JSON.stringify(j.controllers),
        queue_name: j.queueName,
        entity_ref: j.entityRef,
        team: j.team,
        claimants: j.claimants ? JSON.stringify(j.claimants) : null,
        state: j.state,
        reason: j.reason?.slice(0, 128) ?? null,
        message: j.message?.slice(0, 2000) ?? null,
        gpus: j.gpus,
        gpu_equivalents: j.gpuEquivalents,
        gpu_resource: j.gpuResource,
        mig_profile: j.migProfile?.slice(0, 253) ?? null,
        nodes: JSON.stringify(j.nodes),
        gpu_model: j.gpuModel,
        retries: j.retries,
        created_at: new Date(j.createdAt),
        started_at: dateOf(j.startedAt),
        finished_at: dateOf(j.finishedAt),
        last_seen_at: seenAt,
        gone_at: null,
      }));
      const keep = (column: string) =>
        this.db.raw('COALESCE(excluded.??, ??.??)', [column, TABLE, column]);
      const unlessFinished = (column: string) =>
        this.db.raw(
          `CASE WHEN ??.state IN ('succeeded', 'failed') AND excluded.state NOT IN ('succeeded', 'failed') THEN ??.?? ELSE excluded.?? END`,
          [TABLE, TABLE, column, column],
        );
      await this.db(TABLE)
        .insert(rows)
        .onConflict(['cluster', 'uid'])
        .merge({
          labels: this.db.raw('excluded.labels'),
          controllers: this.db.raw('excluded.controllers'),
          queue_name: this.db.raw('excluded.queue_name'),
          entity_ref: keep('entity_ref'),
          team: keep('team'),
          claimants: keep('claimants'),
          // A finished job stays finished: an older listing may still say it runs.
          state: unlessFinished('state'),
          reason: unlessFinished('reason'),
          message: unlessFinished('message'),
          gpus: unlessFinished('gpus'),
          gpu_equivalents: unlessFinished('gpu_equivalents'),
          gpu_model: keep('gpu_model'),
          retries: this.db.raw('excluded.retries'),
          started_at: keep('started_at'),
          finished_at: keep('finished_at'),
          // A later view without pods (deleted by the Job controller) keeps the nodes known before.
          nodes: this.db.raw(
            `CASE WHEN excluded.nodes = '[]' THEN ??.nodes ELSE excluded.nodes END`,
            [TABLE],
          ),
          last_seen_at: this.db.raw('excluded.last_seen_at'),
          gone_at: null,
        });
    }
  }

  /**
   * Marks the jobs of `cluster` that a listing begun at `listedAt` did not
   * have as gone; a job written since (by the watch) is not in it yet.
   */
  async markGone(
    cluster: string,
    presentUids: readonly string[],
    listedAt: Date,
  ): Promise<number> {
    const known: Array<{ uid: string }> = await this.db(TABLE)
      .where({ cluster })
      .whereNull('gone_at')
      .where('last_seen_at', '<', listedAt)
      .select('uid');
    const present = new Set(presentUids);
    const gone = known.map(k => k.uid).filter(uid => !present.has(uid));
    await this.markDeleted(cluster, gone, listedAt);
    return gone.length;
  }

  /** Marks the jobs `uids` of `cluster` as gone from it at `at`. */
  async markDeleted(
    cluster: string,
    uids: readonly string[],
    at: Date,
  ): Promise<void> {
    for (const chunk of chunksOf(uids, 500)) {
      await this.db(TABLE)
        .where({ cluster })
        .whereIn('uid', chunk)
        .update({ gone_at: at });
    }
  }

  /** The stored ownership of the jobs `uids` of `cluster`, by UID. */
  async ownershipOf(
    cluster: string,
    uids: readonly string[],
  ): Promise<Map<string, GpuJobOwnership>> {
    const owners = new Map<string, GpuJobOwnership>();
    for (const chunk of chunksOf(uids, 500)) {
      const rows: Array<
        Pick<Row, 'uid' | 'entity_ref' | 'team' | 'claimants'>
      > = await this.db(TABLE)
        .where({ cluster })
        .whereIn('uid', chunk)
        .select('uid', 'entity_ref', 'team', 'claimants');
      for (const row of rows) {
        owners.set(row.uid, {
          entityRef: row.entity_ref,
          team: row.team,
          claimants: row.claimants ? JSON.parse(row.claimants) : [],
        });
      }
    }
    return owners;
  }

  /** Jobs that existed after `since`, newest first. */
  async list(filter: GpuJobFilter): Promise<StoredGpuJob[]> {
    const query = this.db<Row>(TABLE)
      .where(q =>
        q
          .whereNull('finished_at')
          .orWhere('finished_at', '>=', filter.since)
          .orWhere('created_at', '>=', filter.since),
      )
      .orderBy('created_at', 'desc');
    if (filter.namespace) query.where('namespace', filter.namespace);
    if (filter.team) query.where('team', filter.team);
    if (filter.clusters) query.whereIn('cluster', filter.clusters);
    return (await query).map(fromRow);
  }

  /** When the collector last wrote anything. */
  async lastSeenAt(): Promise<string | null> {
    const row = await this.db(TABLE).max({ last: 'last_seen_at' }).first();
    return row?.last ? isoOf(row.last as Date | string | number) : null;
  }

  /** Deletes jobs that finished (or vanished) before `before`. */
  async prune(before: Date): Promise<number> {
    return this.db(TABLE)
      .where('finished_at', '<', before)
      .orWhere(q => q.whereNull('finished_at').where('gone_at', '<', before))
      .delete();
  }
}
