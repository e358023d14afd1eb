import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { isoOrNull } from '../shared/dates';
import { ListLimits, ObjectBudget } from '../upstream/kubernetes/listPages';
import { GpuJobStore } from './GpuJobStore';
import { GpuPodStore } from './GpuPodStore';
import { JobAttribution } from './jobAttribution';
import { gpuJobsOfCluster } from './jobsOfCluster';
import { KubernetesJobReader } from './KubernetesJobReader';
import { gpuPodRecord } from './podRecord';

/** What one run did, per cluster. */
export interface GpuJobCollectorRun {
  clusters: Array<{
    cluster: string;
    ok: boolean;
    jobs: number;
    gone: number;
    pods: number;
    podsGone: number;
    requests: number;
    error?: string;
  }>;
  pruned: number;
}

/**
 * The re-list behind the watch: per cluster, one list of Jobs, one of Job
 * pods (and the nodes, cached), upserted by cluster and UID. Jobs and pods
 * no longer listed, and not written since the list began, are marked gone,
 * never deleted, until the retention passes; a pod that went unfinished
 * while the watch was away gets its best known end, marked estimated.
 */
export class GpuJobCollector {
  constructor(
    private readonly options: {
      reader: Pick<KubernetesJobReader, 'allClusters' | 'readJobs'>;
      store: GpuJobStore;
      podStore: GpuPodStore;
      attribution: JobAttribution;
      auth: AuthService;
      logger: LoggerService;
      gpuResources: string[];
      retentionMs: number;
      limits: ListLimits;
    },
  ) {}

  async run(signal?: AbortSignal): Promise<GpuJobCollectorRun> {
    const started = Date.now();
    const { reader, store, podStore, auth, logger } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const results: GpuJobCollectorRun['clusters'] = [];
    const budget = ObjectBudget.perCollectorRun(this.options.limits);
    for (const cluster of await reader.allClusters(credentials)) {
      if (signal?.aborted) break;
      const listedAt = new Date();
      const answer = await reader.readJobs(cluster, {}, signal, budget);
      if (!answer.ok) {
        logger.warn(
          `GPU jobs of ${cluster.name} not collected: ${answer.error.message}`,
        );
        results.push({
          cluster: cluster.name,
          ok: false,
          jobs: 0,
          gone: 0,
          pods: 0,
          podsGone: 0,
          requests: answer.requests,
          error: answer.error.message,
        });
        continue;
      }
      const now = new Date();
      const { gpuResources } = this.options;
      const records = gpuJobsOfCluster(cluster.name, answer, gpuResources).map(
        ({ record }) => record,
      );
      const jobs = await this.options.attribution.attribute(
        cluster.name,
        records,
      );
      await store.upsert(jobs, now);
      const gone = await store.markGone(
        cluster.name,
        jobs.map(j => j.uid),
        listedAt,
      );
      const pods = answer.pods.flatMap(
        pod =>
          gpuPodRecord(cluster.name, pod, answer.nodes, gpuResources, {
            at: now,
          }) ?? [],
      );
      await podStore.upsert(pods, now);
      const podsGone = await podStore.markGone(
        cluster.name,
        pods.map(p => p.uid),
        listedAt,
        new Map(
          answer.jobs.map(j => [
            j.metadata?.uid ?? '',
            isoOrNull(j.status?.completionTime),
          ]),
        ),
      );
      results.push({
        cluster: cluster.name,
        ok: true,
        jobs: jobs.length,
        gone,
        pods: pods.length,
        podsGone,
        requests: answer.requests,
      });
    }
    const before = new Date(Date.now() - this.options.retentionMs);
    const pruned = await store.prune(before);
    await podStore.prune(before);
    const count = (key: 'jobs' | 'gone' | 'pods' | 'requests') =>
      results.reduce((n, c) => n + c[key], 0);
    logger.info(
      `GPU jobs re-listed: ${results.length} cluster(s), ${count(
        'jobs',
      )} jobs, ${count('gone')} gone, ${count('pods')} pods, ${count(
        'requests',
      )} requests, ${pruned} pruned, in ${Date.now() - started} ms`,
    );
    return { clusters: results, pruned };
  }
}
