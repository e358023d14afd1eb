import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { DatabaseLease } from '../../shared/DatabaseLease';
import { isoOrNull } from '../../shared/dates';
import { ClientNode } from '../../upstream/kubernetes/clientNode';
import { GpuJobStore } from '../GpuJobStore';
import { GpuPodStore } from '../GpuPodStore';
import { JobAttribution } from '../jobAttribution';
import { gpuJobRecord } from '../jobRecord';
import {
  GpuPodRecord,
  estimatedEnd,
  gpuPodRecord,
  jobUidOf,
} from '../podRecord';
import { JOB_NAME_LABEL } from '../KubernetesJobReader';
import { ClusterWatch, Connect, WatchChange } from './ClusterWatch';

/** What the watcher needs of each cluster. */
export interface WatchedClusters {
  list(): Promise<ClusterDetails[]>;
  connect(cluster: ClusterDetails): Connect;
  clientNode(): Promise<ClientNode>;
}

interface PendingJob {
  namespace: string;
  name: string;
  /** Its last state, when the watch saw it deleted. */
  deleted?: V1Job;
}

/** One cluster's watch and what it saw since the last write. */
interface Watched {
  watch: ClusterWatch;
  jobs: Map<string, PendingJob>;
  pods: Map<string, GpuPodRecord>;
}

/**
 * Records GPU jobs and their pods as they change, from a watch of every
 * cluster, on one backend replica at a time (a lease in the plugin's
 * database, renewed every third of its TTL; the replica that stops renewing
 * loses it, and another takes over and lists everything afresh). What the
 * watch sees is written at most every `flushMs`, each job and pod once per
 * write, through the same idempotent upserts as the re-list.
 */
export class GpuJobWatcher {
  private readonly watched = new Map<string, Watched>();
  private leaseTimer?: NodeJS.Timeout;
  private flushTimer?: NodeJS.Timeout;
  private holding = false;
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;
  private lastHeartbeat = 0;

  constructor(
    private readonly options: {
      lease: DatabaseLease;
      clusters: WatchedClusters;
      store: GpuJobStore;
      podStore: GpuPodStore;
      attribution: JobAttribution;
      gpuResources: string[];
      logger: LoggerService;
      flushMs: number;
      /** How often the pods still running are recorded as such. */
      heartbeatMs: number;
      /** Told the owners (entities and teams, full refs) of the jobs each write changed. */
      onWritten?: (owners: Set<string>, at: Date) => Promise<void>;
    },
  ) {}

  start(): void {
    const renewMs = Math.max(1_000, Math.floor(this.options.lease.ttlMs / 3));
    const tick = async () => {
      try {
        await this.keepLease();
      } catch (error) {
        this.options.logger.warn(`GPU job watch lease not renewed: ${error}`);
        if (this.holding)
          await this.stopWatching('the lease could not be renewed');
      }
      if (!this.stopped) this.leaseTimer = setTimeout(tick, renewMs);
    };
    this.leaseTimer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.leaseTimer);
    if (this.holding) {
      await this.stopWatching('the backend stops');
      await this.options.lease.release().catch(() => {});
    }
  }

  private async keepLease() {
    const held = await this.options.lease.acquire();
    if (this.stopped) return;
    if (held && !this.holding) await this.startWatching();
    else if (!held && this.holding) {
      await this.stopWatching('another replica holds the lease');
    }
  }

  private async startWatching() {
    const { clusters, logger } = this.options;
    this.holding = true;
    const k8s = await clusters.clientNode();
    const list = await clusters.list();
    if (this.stopped) return;
    for (const cluster of list) {
      const watched: Watched = {
        jobs: new Map(),
        pods: new Map(),
        watch: new ClusterWatch({
          cluster: cluster.name,
          k8s,
          connect: clusters.connect(cluster),
          logger,
          events: {
            job: (job, change) => this.onJob(watched, job, change),
            pod: (pod, change) =>
              this.onPod(cluster.name, watched, pod, change),
          },
        }),
      };
      this.watched.set(cluster.name, watched);
    }
    logger.info(
      `GPU job watch started on ${list.length} cluster(s) by ${this.options.lease.holder}`,
    );
    await Promise.all([...this.watched.values()].map(w => w.watch.start()));
    if (!this.holding) return; // stopped while it started
    this.flushTimer = setInterval(() => {
      void this.flush();
    }, this.options.flushMs);
  }

  private async stopWatching(why: string) {
    this.holding = false;
    clearInterval(this.flushTimer);
    await Promise.all([...this.watched.values()].map(w => w.watch.stop()));
    await this.flush();
    this.watched.clear();
    this.options.logger.info(`GPU job watch stopped: ${why}`);
  }

  private onJob(watched: Watched, job: V1Job, change: WatchChange) {
    const uid = job.metadata?.uid;
    if (!uid) return;
    watched.jobs.set(uid, {
      namespace: job.metadata?.namespace ?? '',
      name: job.metadata?.name ?? '',
      deleted: change.kind === 'upsert' ? undefined : job,
    });
  }

  private onPod(
    cluster: string,
    watched: Watched,
    pod: V1Pod,
    change: WatchChange,
  ) {
    const record = gpuPodRecord(
      cluster,
      pod,
      watched.watch.nodes,
      this.options.gpuResources,
      { at: change.at, deleted: change.kind === 'deleted' },
    );
    if (!record) return;
    const jobName = pod.metadata?.labels?.[JOB_NAME_LABEL] ?? '';
    const namespace = pod.metadata?.namespace ?? '';
    if (
      change.kind === 'relisted-away' &&
      !record.finishedAt &&
      record.startedAt
    ) {
      // Deleted while the watch was away: it ends at the best time known.
      const job =
        watched.jobs.get(record.jobUid)?.deleted ??
        watched.watch.job(namespace, jobName);
      Object.assign(
        record,
        estimatedEnd(record, isoOrNull(job?.status?.completionTime)),
        { estimated: true },
      );
    }
    watched.pods.set(record.uid, record);
    if (jobName && !watched.jobs.has(record.jobUid)) {
      watched.jobs.set(record.jobUid, { namespace, name: jobName });
    }
  }

  /**
   * Pods that run for long see no event between start and end; should the
   * watch stop unseen (its replica killed), their estimated end is their
   * last recorded sighting, so it is recorded every heartbeat.
   */
  private async recordStillRunning(cluster: string, watched: Watched) {
    const running = watched.watch
      .allPods()
      .filter(p => p.status?.phase === 'Running')
      .map(p => p.metadata?.uid ?? '');
    await this.options.podStore.touchRunning(cluster, running, new Date());
    this.options.logger.debug(
      `GPU job watch of ${cluster}: ${watched.watch.objectCount()} objects cached, ${
        running.length
      } pods running, ${watched.watch.requests} requests so far`,
    );
  }

  /** Writes what the watch saw since the last write; one write at a time. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() =>
      this.write().catch(error =>
        this.options.logger.warn(`GPU job watch could not write: ${error}`),
      ),
    );
    return this.flushing;
  }

  private async write() {
    const heartbeat =
      Date.now() - this.lastHeartbeat >= this.options.heartbeatMs;
    if (heartbeat) this.lastHeartbeat = Date.now();
    const owners = new Set<string>();
    for (const [cluster, watched] of this.watched) {
      if (heartbeat) await this.recordStillRunning(cluster, watched);
      if (!watched.jobs.size && !watched.pods.size) continue;
      const jobs = [...watched.jobs.entries()];
      const pods = [...watched.pods.values()];
      watched.jobs.clear();
      watched.pods.clear();
      const now = new Date();
      const podsByJob = new Map<string, V1Pod[]>();
      for (const pod of watched.watch.allPods()) {
        const uid = jobUidOf(pod);
        if (uid) podsByJob.set(uid, [...(podsByJob.get(uid) ?? []), pod]);
      }
      const { nodes } = watched.watch;
      const records = jobs.flatMap(([uid, pending]) => {
        const job =
          pending.deleted ?? watched.watch.job(pending.namespace, pending.name);
        if (!job || job.metadata?.uid !== uid) return [];
        const record = gpuJobRecord(
          cluster,
          job,
          podsByJob.get(uid) ?? [],
          nodes,
          this.options.gpuResources,
        );
        return record ? [record] : [];
      });
      const attributed = await this.options.attribution.attribute(
        cluster,
        records,
      );
      await this.options.store.upsert(attributed, now);
      for (const job of attributed) {
        if (job.entityRef) owners.add(job.entityRef);
        if (job.team) owners.add(job.team);
      }
      const deleted = jobs.filter(([, j]) => j.deleted).map(([uid]) => uid);
      if (deleted.length) {
        await this.options.store.markDeleted(cluster, deleted, now);
      }
      await this.options.podStore.upsert(pods, now);
    }
    if (owners.size) await this.options.onWritten?.(owners, new Date());
  }
}
