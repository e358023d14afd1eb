import { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { V1Node } from '@kubernetes/client-node';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  formatLabelSelector,
  GpuJobDetailResponse,
  GpuJobsResponse,
  GpuJobsView,
  matchesLabelSelector,
} from '@internal/plugin-mlops-common';
import { MlopsCore } from '../shared/core';
import { DAY_MS } from '../shared/dates';
import { clusterReport } from '../shared/sourceReports';
import { clustersKey } from '../serving/cacheKeys';
import { locateTenantScope } from '../tenancy/entityScope';
import { skippedClusterReports, TenantScope } from '../tenancy/tenantScope';
import { GpuJobsConfig } from './config';
import { GpuJobStore } from './GpuJobStore';
import { GpuPodStore } from './GpuPodStore';
import { jobPodTimes } from './jobPodTimes';
import { jobEvents } from './jobEvents';
import { ownerRefOf } from './jobOwnership';
import { podsOfJob } from './jobPods';
import { gpuJobsOfCluster } from './jobsOfCluster';
import { gpuPyTorchJobsOfCluster } from './pytorchJobsOfCluster';
import { GpuJobTarget, resolveGpuJobTarget } from './jobTarget';
import { readJobUtilisation } from './jobUtilisation';
import { jobsView } from './jobsView';
import { JOB_NAME_LABEL, KubernetesJobReader } from './KubernetesJobReader';
import { LiveJobs, historyFilter, mergeJobs } from './mergeJobs';
import { ClusterQueues, withQueues } from '../gpuQueues/kueueQueues';
import { KubernetesQueueReader } from '../gpuQueues/KubernetesQueueReader';
import { TeamQueueReader } from '../gpuQueues/TeamQueueReader';

/**
 * The GPU jobs of an entity: live from its clusters (one Jobs and one pods
 * list per cluster, one PyTorchJobs list and, when it finds any, one list of
 * their pods), history from the plugin's database, utilisation from
 * the DCGM exporter (one query per Prometheus instance), Kueue's queues of
 * the namespace (three lists per cluster). A Group's jobs are
 * those the collector attributed to it, its queues the LocalQueues of the
 * namespaces it holds (two lists per cluster). Answers are cached briefly and
 * shared between viewers; each source fails on its own.
 */
export class GpuJobsService {
  constructor(
    private readonly core: MlopsCore,
    private readonly options: {
      config: GpuJobsConfig;
      reader: KubernetesJobReader;
      queueReader: KubernetesQueueReader;
      teamQueues: TeamQueueReader;
      store: GpuJobStore;
      podStore: GpuPodStore;
    },
  ) {}

  /** Days of history when a request names none. */
  get defaultDays(): number {
    return this.options.config.defaultDays;
  }

  async getJobs(
    entity: Entity,
    days: number,
    credentials: BackstageCredentials,
  ): Promise<GpuJobsResponse> {
    const resolved = resolveGpuJobTarget(entity);
    if (!resolved.ok) return resolved.answer;
    if (resolved.target.kind === 'team') {
      const team = resolved.target;
      const key = `gpu-jobs:${team.entityRef}:${days}:${team.team}:`;
      return this.core.answers.answer(key, this.options.config.cacheTtlMs, () =>
        this.compute(entity, team, days, credentials),
      );
    }
    const decided = await locateTenantScope(
      this.core,
      entity,
      resolved.target.namespace,
      credentials,
    );
    if (!decided.ok) return decided.answer;
    const { scope } = decided;
    const target = { ...resolved.target, namespace: scope.namespace };
    const key = `gpu-jobs:${target.entityRef}:${days}:${formatLabelSelector(
      target.selector,
    )}:${target.namespace}:${clustersKey(scope)}`;
    return this.core.answers.answer(key, this.options.config.cacheTtlMs, () =>
      this.compute(entity, target, days, credentials, scope),
    );
  }

  /** Days the stored history reaches back (its retention). */
  private get historyDays(): number {
    const { defaultDays, retentionMs } = this.options.config;
    return Math.max(defaultDays, Math.ceil(retentionMs / DAY_MS));
  }

  /**
   * One job of the entity with its pods and Events, for the job drawer:
   * searched in the whole stored history, since a link or a wider list can
   * name a job older than the default list window.
   */
  async getJob(
    entity: Entity,
    job: { cluster: string; namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<GpuJobDetailResponse> {
    const { config, reader } = this.options;
    const days = this.historyDays;
    const view = await this.getJobs(entity, days, credentials);
    if (view.state === 'not-configured') return view;
    const found =
      view.state === 'ok'
        ? view.jobs.find(
            j =>
              j.cluster === job.cluster &&
              j.namespace === job.namespace &&
              j.name === job.name,
          )
        : undefined;
    if (!found) {
      throw new NotFoundError(
        `${view.entityRef} has no GPU job ${job.namespace}/${job.name} in cluster '${job.cluster}' within the last ${days} days`,
      );
    }
    const cluster = (await reader.allClusters(credentials)).find(
      c => c.name === job.cluster,
    );
    if (!found.live || !cluster) {
      return { job: found, pods: [], events: [], sources: [] };
    }
    const listing =
      found.kind === 'PyTorchJob'
        ? await reader.readPyTorchJobs(cluster, { namespace: job.namespace })
        : await reader.readJobs(cluster, {
            namespace: job.namespace,
            labelSelector: `${JOB_NAME_LABEL}=${job.name}`,
          });
    const own = (listing.ok ? listing.pods : []).filter(
      p =>
        found.kind !== 'PyTorchJob' ||
        p.metadata?.ownerReferences?.some(r => r.uid === found.uid),
    );
    const pods = podsOfJob(own, job.cluster, config.logsUrlTemplate);
    const events = await reader.readEvents(cluster, job.namespace, [
      job.name,
      ...pods.map(p => p.name),
    ]);
    return {
      job: found,
      pods,
      events: events.ok ? jobEvents(events.events) : [],
      sources: [clusterReport(listing), clusterReport(events)],
    };
  }

  /** The live listing of the clusters the owner holds the namespace on, one report per cluster. */
  private async readLive(
    target: Extract<GpuJobTarget, { kind: 'selector' }>,
    scope: TenantScope,
  ) {
    const query = {
      namespace: target.namespace,
      labelSelector: target.labelSelector,
    };
    const [answers, pytorchAnswers, queueAnswers] = await Promise.all([
      Promise.all(
        scope.clusters.map(c => this.options.reader.readJobs(c, query)),
      ),
      Promise.all(
        scope.clusters.map(c => this.options.reader.readPyTorchJobs(c, query)),
      ),
      Promise.all(
        target.namespace
          ? scope.clusters.map(c =>
              this.options.queueReader.readQueues(c, target.namespace!),
            )
          : [],
      ),
    ]);
    const queues: ClusterQueues[] = queueAnswers.flatMap(a =>
      a.ok ? [a] : [],
    );
    const { gpuResources } = this.options.config;
    const nodesOf = (cluster: string) => {
      const jobs = answers.find(a => a.cluster === cluster);
      return jobs?.ok ? jobs.nodes : new Map<string, V1Node>();
    };
    const live: LiveJobs = {
      jobs: [
        ...answers.flatMap(a =>
          a.ok ? gpuJobsOfCluster(a.cluster, a, gpuResources) : [],
        ),
        ...pytorchAnswers.flatMap(a =>
          a.ok
            ? gpuPyTorchJobsOfCluster(
                a.cluster,
                a,
                nodesOf(a.cluster),
                gpuResources,
              )
            : [],
        ),
      ],
      answered: new Set(answers.filter(a => a.ok).map(a => a.cluster)),
    };
    const sources = [
      ...answers.map(clusterReport),
      ...pytorchAnswers.map(clusterReport),
      ...queueAnswers.map(clusterReport),
      ...skippedClusterReports(scope),
    ];
    return { live, sources, queues };
  }

  private async compute(
    entity: Entity,
    target: GpuJobTarget,
    days: number,
    credentials: BackstageCredentials,
    scope?: TenantScope,
  ): Promise<GpuJobsView> {
    const { config, store } = this.options;
    const now = new Date();
    const since = new Date(now.getTime() - days * DAY_MS);
    const owner = ownerRefOf(entity);
    const { live, sources, queues } =
      target.kind === 'selector' && scope
        ? await this.readLive(target, scope)
        : {
            live: { jobs: [], answered: new Set<string>() },
            sources: [],
            queues: [],
          };
    const team =
      target.kind === 'team'
        ? await this.options.teamQueues.read(target.team, credentials)
        : undefined;
    const boundClusters = scope?.clusters.map(c => c.name);
    const stored = (
      await store.list(historyFilter(target, since, boundClusters))
    ).filter(
      job =>
        target.kind !== 'selector' ||
        matchesLabelSelector(target.selector, job.labels),
    );
    const jobs = mergeJobs({ target, owner, live, stored, now });
    const podTimes = jobPodTimes(
      jobs,
      await this.options.podStore.podsOf(jobs),
      config.gpuResources,
      now,
    );
    // A deleted job keeps its last state; only jobs that still exist have GPUs to measure.
    const running = jobs.filter(j => j.state === 'running' && j.live);
    const utilisation = await readJobUtilisation(
      { instances: this.core.config.instances, clients: this.core.prometheus },
      config,
      running,
      now,
    );
    const view = jobsView({
      target,
      jobs,
      podTimes,
      utilisation: utilisation.byJob,
      idle: config.idle,
      period: { since, now, days },
    });
    return {
      ...view,
      ...withQueues(view.jobs, queues, config.gpuResources),
      ...(team && { queues: team.queues }),
      historyUpdatedAt: await store.lastSeenAt(),
      sources: [...sources, ...(team?.sources ?? []), ...utilisation.sources],
    };
  }
}
