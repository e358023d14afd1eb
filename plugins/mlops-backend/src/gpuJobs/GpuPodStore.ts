import { Knex } from 'knex';
import { gpuEquivalentOf } from '@internal/plugin-mlops-common';
import { chunksOf } from '../shared/chunks';
import { isoOf, isoOrNull } from '../shared/dates';
import { END_RANK, GpuPodEnd, GpuPodRecord, estimatedEnd } from './podRecord';

const TABLE = 'mlops_gpu_pods';

/** A pod as stored: with when it was last seen and found gone. */
export interface StoredGpuPod extends GpuPodRecord {
  lastSeenAt: string;
  goneAt: string | null;
}

type Time = Date | string | number;

interface Row {
  cluster: string;
  uid: string;
  job_uid: string;
  namespace: string;
  name: string;
  phase: string;
  node: string | null;
  gpu_model: string | null;
  gpus: number;
  /** Null in rows a replica of an earlier release wrote. */
  gpu_equivalents: number | null;
  gpu_resource: string;
  started_at: Time | null;
  finished_at: Time | null;
  end_source: GpuPodEnd | null;
  end_rank: number;
  estimated: boolean | number;
  last_running_at: Time | null;
  last_seen_at: Time;
  gone_at: Time | null;
}

const dateOf = (iso: string | null) => (iso ? new Date(iso) : null);

function fromRow(row: Row): StoredGpuPod {
  return {
    cluster: row.cluster,
    uid: row.uid,
    jobUid: row.job_uid,
    namespace: row.namespace,
    name: row.name,
    phase: row.phase,
    node: row.node,
    gpuModel: row.gpu_model,
    gpus: row.gpus,
    gpuEquivalents:
      row.gpu_equivalents ?? gpuEquivalentOf(row.gpu_resource, row.gpus),
    gpuResource: row.gpu_resource,
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
    end: row.end_source,
    estimated: !!row.estimated,
    lastRunningAt: isoOrNull(row.last_running_at),
    lastSeenAt: isoOf(row.last_seen_at),
    goneAt: isoOrNull(row.gone_at),
  };
}

/**
 * The GPU time of every pod of a GPU job, one row per cluster and pod UID.
 * Writes come from the watch and from the re-list, in any order and more
 * than once, so every merge only ever learns: a known start, node or model
 * is kept, an end is replaced only by a better-known one (`END_RANK`), and
 * the last time seen running only moves forward.
 */
export class GpuPodStore {
  constructor(private readonly db: Knex) {}

  async upsert(pods: readonly GpuPodRecord[], seenAt: Date): Promise<void> {
    const keep = (column: string) =>
      this.db.raw('COALESCE(??.??, excluded.??)', [TABLE, column, column]);
    const better = (column: string) =>
      this.db.raw(
        `CASE WHEN excluded.end_rank > ??.end_rank THEN excluded.?? ELSE ??.?? END`,
        [TABLE, column, TABLE, column],
      );
    for (const chunk of chunksOf(pods, 100)) {
      const rows = chunk.map(p => ({
        cluster: p.cluster,
        uid: p.uid,
        job_uid: p.jobUid,
        namespace: p.namespace,
        name: p.name,
        phase: p.phase,
        node: p.node,
        gpu_model: p.gpuModel,
        gpus: p.gpus,
        gpu_equivalents: p.gpuEquivalents,
        gpu_resource: p.gpuResource,
        started_at: dateOf(p.startedAt),
        finished_at: dateOf(p.finishedAt),
        end_source: p.end,
        end_rank: p.end ? END_RANK[p.end] : 0,
        estimated: p.estimated,
        last_running_at: dateOf(p.lastRunningAt),
        last_seen_at: seenAt,
        gone_at: null,
      }));
      await this.db(TABLE)
        .insert(rows)
        .onConflict(['cluster', 'uid'])
        .merge({
          // A finished pod's phase stays: an older view may still say Running.
          phase: this.db.raw(
            `CASE WHEN ??.end_rank > excluded.end_rank THEN ??.phase ELSE excluded.phase END`,
            [TABLE, TABLE],
          ),
          node: keep('node'),
          // Null when a replica of an earlier release wrote the row.
          gpu_equivalents: keep('gpu_equivalents'),
          gpu_model: this.db.raw('COALESCE(excluded.gpu_model, ??.gpu_model)', [
            TABLE,
          ]),
          started_at: keep('started_at'),
          finished_at: better('finished_at'),
          end_source: better('end_source'),
          estimated: better('estimated'),
          end_rank: better('end_rank'),
          last_running_at: this.db.raw(
            `CASE WHEN ??.last_running_at IS NULL OR excluded.last_running_at > ??.last_running_at THEN excluded.last_running_at ELSE ??.last_running_at END`,
            [TABLE, TABLE, TABLE],
          ),
          last_seen_at: this.db.raw('excluded.last_seen_at'),
          gone_at: null,
        });
    }
  }

  /**
   * Ends the pods of `cluster` a re-list that started at `listedAt` did not
   * find: unfinished ones that were last seen before the list began (a pod
   * the watch wrote since is not in the list yet) get the best end known,
   * marked estimated. `jobCompletions` holds the listed Jobs' completion
   * times by UID; a pod whose Job is gone too has only its last sighting.
   */
  async markGone(
    cluster: string,
    presentUids: readonly string[],
    listedAt: Date,
    jobCompletions: ReadonlyMap<string, string | null>,
  ): Promise<number> {
    const open: Row[] = await this.db<Row>(TABLE)
      .where({ cluster })
      .whereNull('gone_at')
      .where('last_seen_at', '<', listedAt);
    const present = new Set(presentUids);
    const gone = open.map(fromRow).filter(p => !present.has(p.uid));
    const finishes = await this.jobFinishes(
      cluster,
      gone.map(p => p.jobUid),
    );
    for (const pod of gone) {
      const update: Record<string, unknown> = { gone_at: listedAt };
      if (!pod.finishedAt && pod.startedAt) {
        const { finishedAt, end } = estimatedEnd(
          pod,
          jobCompletions.get(pod.jobUid) ?? finishes.get(pod.jobUid) ?? null,
        );
        Object.assign(update, {
          finished_at: dateOf(finishedAt),
          end_source: end,
          end_rank: END_RANK[end],
          estimated: true,
        });
      }
      await this.db(TABLE).where({ cluster, uid: pod.uid }).update(update);
    }
    return gone.length;
  }

  /** Records that the pods `uids` of `cluster` still ran at `at`. */
  async touchRunning(
    cluster: string,
    uids: readonly string[],
    at: Date,
  ): Promise<void> {
    for (const chunk of chunksOf(uids, 500)) {
      await this.db(TABLE)
        .where({ cluster })
        .whereIn('uid', chunk)
        .whereNull('finished_at')
        .update({ last_running_at: at, last_seen_at: at });
    }
  }

  /** The finish times the job history knows of the jobs `uids`. */
  private async jobFinishes(
    cluster: string,
    uids: readonly string[],
  ): Promise<Map<string, string | null>> {
    const finishes = new Map<string, string | null>();
    for (const chunk of chunksOf([...new Set(uids)], 500)) {
      const rows: Array<{ uid: string; finished_at: Time | null }> =
        await this.db('mlops_gpu_jobs')
          .where({ cluster })
          .whereIn('uid', chunk)
          .select('uid', 'finished_at');
      for (const row of rows) finishes.set(row.uid, isoOrNull(row.finished_at));
    }
    return finishes;
  }

  /** The pods of the jobs `jobUids` of each cluster. */
  async podsOf(
    jobs: ReadonlyArray<{ cluster: string; uid: string }>,
  ): Promise<StoredGpuPod[]> {
    const byCluster = new Map<string, string[]>();
    for (const job of jobs) {
      byCluster.set(job.cluster, [
        ...(byCluster.get(job.cluster) ?? []),
        job.uid,
      ]);
    }
    const pods: StoredGpuPod[] = [];
    for (const [cluster, uids] of byCluster) {
      for (const chunk of chunksOf(uids, 500)) {
        const rows: Row[] = await this.db<Row>(TABLE)
          .where({ cluster })
          .whereIn('job_uid', chunk);
        pods.push(...rows.map(fromRow));
      }
    }
    return pods;
  }

  /** Deletes the pods of jobs the job store pruned. */
  async prune(before: Date): Promise<number> {
    return this.db(TABLE)
      .where('finished_at', '<', before)
      .orWhere(q => q.whereNull('finished_at').where('gone_at', '<', before))
      .delete();
  }
}
