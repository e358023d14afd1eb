import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type { V1Pod } from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';
import {
  GpuJob,
  GpuJobDetail,
  GpuJobsResponse,
  GpuJobsView,
  SourceReport,
} from '@internal/plugin-mlops-common';
import { MlopsCore } from '../shared/core';
import { GpuJobsConfig } from './config';
import {
  dcgmQuery,
  DcgmSample,
  PodGpus,
  samplesByPod,
  utilisationOf,
} from './dcgm';
import { gpuHoursByDay, gpuHoursWithin } from './gpuHours';
import { GpuJobStore, StoredGpuJob } from './GpuJobStore';
import { GpuJobTarget, resolveGpuJobTarget } from './jobTarget';
import { gpuJobsOfCluster } from './jobsOfCluster';
import { KubernetesJobReader } from './KubernetesJobReader';
import { matchesSelector } from './labelSelector';
import { podsOfJob } from './jobPods';

const DAY_MS = 86_400_000;
/** Pods of a Job are named `<job>-<5 chars>` (or `<job>-<index>-<5 chars>` when indexed). */
const JOB_POD_NAME = /^(.+?)(?:-\d+)?-[a-z0-9]{5}$/;

/** A job as merged from the live listing and the history, before its figures. */
interface MergedJob extends StoredGpuJob {
  live: boolean;
  pods: V1Pod[];
}

const jobKey = (cluster: string, namespace: string, name: string) =>
  `${cluster}/${namespace}/${name}`;

/**
 * The GPU jobs of an entity: live from its clusters (one Jobs and one pods
 * list per cluster), history from the plugin's database, utilisation from
 * the DCGM exporter (one query per Prometheus instance). A Group's jobs are
 * those the collector attributed to it. Answers are cached briefly and
 * shared between viewers; each source fails on its own.
 */
export class GpuJobsService {
  constructor(
    private readonly core: MlopsCore,
    private readonly options: {
      config: GpuJobsConfig;
      reader: KubernetesJobReader;
      store: GpuJobStore;
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
    const target = resolved.target;
    const key = `gpu-jobs:${target.entityRef}:${days}:${
      target.kind === 'team' ? target.team : target.labelSelector
    }:${target.kind === 'selector' ? target.namespace ?? '' : ''}`;
    return this.core.answers.answer(key, this.options.config.cacheTtlMs, () =>
      this.compute(entity, target, days, credentials),
    );
  }

  /** One job of the entity with its pods and Events, for the job drawer. */
  async getJob(
    entity: Entity,
    job: { cluster: string; namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<GpuJobDetail> {
    const { config, reader } = this.options;
    const view = await this.getJobs(entity, config.defaultDays, credentials);
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
        `${view.entityRef} has no GPU job ${job.namespace}/${job.name} in cluster '${job.cluster}' within the last ${config.defaultDays} days`,
      );
    }
    const cluster = (await reader.allClusters(credentials)).find(
      c => c.name === job.cluster,
    );
    if (!found.live || !cluster) {
      return { job: found, pods: [], events: [], sources: [] };
    }
    const listing = await reader.readJobs(cluster, {
      namespace: job.namespace,
      labelSelector: `batch.kubernetes.io/job-name=${job.name}`,
    });
    const pods = listing.ok
      ? podsOfJob(listing.pods, job.cluster, config.logsUrlTemplate)
      : [];
    const events = await reader.readEvents(cluster, job.namespace, [
      job.name,
      ...pods.map(p => p.name),
    ]);
    const report = (a: typeof listing | typeof events): SourceReport => ({
      kind: 'kubernetes',
      name: a.cluster,
      ok: a.ok,
      error: a.ok ? undefined : a.error,
      requests: a.requests,
      durationMs: a.durationMs,
    });
    return {
      job: found,
      pods,
      events: events.ok
        ? events.events
            .map(e => ({
              type: e.type ?? 'Normal',
              reason: e.reason ?? '',
              message: e.message ?? '',
              object: `${e.involvedObject?.kind ?? ''}/${
                e.involvedObject?.name ?? ''
              }`,
              count: e.count ?? 1,
              lastSeen:
                e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp
                  ? new Date(
                      (e.lastTimestamp ??
                        e.eventTime ??
                        e.metadata?.creationTimestamp)!,
                    ).toISOString()
                  : null,
            }))
            .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
        : [],
      sources: [report(listing), report(events)],
    };
  }

  /** The live listing of the entity's clusters. */
  async readLive(
    entity: Entity,
    target: Extract<GpuJobTarget, { kind: 'selector' }>,
    credentials: BackstageCredentials,
  ) {
    const located = await this.core.kubernetes.locate(entity, credentials);
    const clusters: ClusterDetails[] = located.ok ? located.clusters : [];
    const answers = await Promise.all(
      clusters.map(c =>
        this.options.reader.readJobs(c, {
          namespace: target.namespace,
          labelSelector: target.labelSelector,
        }),
      ),
    );
    const sources: SourceReport[] = answers.map(a => ({
      kind: 'kubernetes',
      name: a.cluster,
      ok: a.ok,
      error: a.ok ? undefined : a.error,
      requests: a.requests,
      durationMs: a.durationMs,
    }));
    if (!located.ok) {
      sources.push({
        kind: 'kubernetes',
        name: 'kubernetes plugin',
        ok: false,
        error: { kind: 'not-configured', message: located.message },
        requests: 0,
        durationMs: 0,
      });
    }
    const answered = new Set(answers.filter(a => a.ok).map(a => a.cluster));
    const jobs = answers.flatMap(a =>
      a.ok
        ? gpuJobsOfCluster(a.cluster, a, this.options.config.gpuResources)
        : [],
    );
    return { jobs, sources, answered, clusters };
  }

  private async compute(
    entity: Entity,
    target: GpuJobTarget,
    days: number,
    credentials: BackstageCredentials,
  ): Promise<GpuJobsView> {
    const now = new Date();
    const since = new Date(now.getTime() - days * DAY_MS);
    const owner =
      typeof entity.spec?.owner === 'string'
        ? parseEntityRef(entity.spec.owner, { defaultKind: 'group' }).name
        : null;
    const sources: SourceReport[] = [];
    const merged = new Map<string, MergedJob>();
    let answered = new Set<string>();
    if (target.kind === 'selector') {
      const live = await this.readLive(entity, target, credentials);
      sources.push(...live.sources);
      answered = live.answered;
      for (const { record, pods } of live.jobs) {
        merged.set(`${record.cluster}/${record.uid}`, {
          ...record,
          entityRef: target.entityRef,
          team: owner,
          lastSeenAt: now.toISOString(),
          goneAt: null,
          live: true,
          pods,
        });
      }
    }
    const stored = await this.options.store.list({
      since,
      namespace: target.kind === 'selector' ? target.namespace : undefined,
      team: target.kind === 'team' ? target.team : undefined,
    });
    for (const job of stored) {
      if (
        target.kind === 'selector' &&
        !matchesSelector(target.selector, job.labels)
      ) {
        continue;
      }
      const key = `${job.cluster}/${job.uid}`;
      const known = merged.get(key);
      if (known) {
        // The live view may have lost what the history kept (pods deleted at the deadline).
        known.startedAt ??= job.startedAt;
        known.nodes = known.nodes.length ? known.nodes : job.nodes;
        known.gpuModel ??= job.gpuModel;
        continue;
      }
      const live = !job.goneAt && !answered.has(job.cluster);
      merged.set(key, {
        ...job,
        live: target.kind === 'team' ? !job.goneAt : live,
        pods: [],
      });
    }
    const jobs = [...merged.values()];
    const utilisation = await this.utilisation(jobs, now);
    sources.push(...utilisation.sources);
    const view = this.view(target, jobs, utilisation.byJob, since, now, days);
    return {
      ...view,
      historyUpdatedAt: await this.options.store.lastSeenAt(),
      sources,
    };
  }

  /** DCGM figures per running job, one query per Prometheus instance. */
  private async utilisation(jobs: MergedJob[], now: Date) {
    const { config } = this.options;
    // A deleted job keeps its last state; only jobs that still exist have GPUs to measure.
    const running = jobs.filter(j => j.state === 'running' && j.live);
    const byJob = new Map<string, ReturnType<typeof utilisationOf>>();
    const sources: SourceReport[] = [];
    if (running.length === 0) return { byJob, sources };
    const clusters = [...new Set(running.map(j => j.cluster))];
    const instances = this.core.config.instances.filter(
      i => !i.clusters || i.clusters.some(c => clusters.includes(c)),
    );
    const podToJob = new Map<string, string>();
    for (const job of running) {
      for (const pod of job.pods) {
        podToJob.set(
          `${job.namespace}/${pod.metadata?.name}`,
          jobKey(job.cluster, job.namespace, job.name),
        );
      }
    }
    const runningKeys = new Set(
      running.map(j => jobKey(j.cluster, j.namespace, j.name)),
    );
    await Promise.all(
      instances.map(async instance => {
        const served = clusters.filter(
          c => !instance.clusters || instance.clusters.includes(c),
        );
        const namespaces = [
          ...new Set(
            running
              .filter(j => served.includes(j.cluster))
              .map(j => j.namespace),
          ),
        ];
        const client = this.core.prometheus.get(instance.name)!;
        const answer = await client.vector(
          dcgmQuery(
            instance,
            served,
            namespaces,
            config.dcgmLabels,
            `${config.idle.forMinutes}m`,
          ),
          now,
        );
        sources.push({
          kind: 'prometheus',
          name: instance.name,
          ok: answer.ok,
          error: answer.ok ? undefined : answer.error,
          requests: 1,
          durationMs: answer.durationMs,
        });
        if (!answer.ok) return;
        const pods = samplesByPod(
          answer.value as DcgmSample[],
          config.dcgmLabels,
          instance.clusterLabel,
        );
        const perJob = new Map<string, PodGpus[]>();
        for (const [key, figures] of pods) {
          const [cluster, namespace, pod] = key.split('/');
          const candidates = (cluster ? [cluster] : served).map(c => {
            const known = podToJob.get(`${namespace}/${pod}`);
            if (known && known.startsWith(`${c}/`)) return known;
            const name = JOB_POD_NAME.exec(pod)?.[1];
            return name ? jobKey(c, namespace, name) : '';
          });
          const job = candidates.find(k => runningKeys.has(k));
          if (!job) continue; // metrics of pods that are not this entity's jobs
          perJob.set(job, [...(perJob.get(job) ?? []), figures]);
        }
        for (const [job, list] of perJob) byJob.set(job, utilisationOf(list));
      }),
    );
    return { byJob, sources };
  }

  private view(
    target: GpuJobTarget,
    jobs: MergedJob[],
    utilisation: Map<string, ReturnType<typeof utilisationOf>>,
    since: Date,
    now: Date,
    days: number,
  ): Omit<GpuJobsView, 'historyUpdatedAt' | 'sources'> {
    const { idle } = this.options.config;
    const seconds = (from: string | null, to: string | null) =>
      from
        ? Math.max(
            0,
            (new Date(to ?? now).getTime() - new Date(from).getTime()) / 1000,
          )
        : null;
    const intervals = jobs.map(j => ({
      gpus: j.gpus,
      startedAt: j.startedAt,
      // A job that vanished unfinished ran until it was last seen.
      finishedAt: j.finishedAt ?? (j.live ? null : j.goneAt ?? j.lastSeenAt),
    }));
    const out: GpuJob[] = jobs.map((j, i) => {
      const figures = utilisation.get(jobKey(j.cluster, j.namespace, j.name));
      const runningLongEnough =
        !!j.startedAt &&
        now.getTime() - new Date(j.startedAt).getTime() >=
          idle.forMinutes * 60_000;
      const maxUtil = figures?.utilisation.maxUtilOverIdleWindowPercent;
      return {
        cluster: j.cluster,
        namespace: j.namespace,
        name: j.name,
        uid: j.uid,
        controllers: j.controllers,
        queueName: j.queueName,
        state: j.state,
        reason: j.reason,
        message: j.message,
        createdAt: j.createdAt,
        startedAt: j.startedAt,
        finishedAt: j.finishedAt,
        waitSeconds: seconds(
          j.createdAt,
          j.startedAt ?? (j.state === 'pending' ? null : j.finishedAt),
        )!,
        durationSeconds: seconds(j.startedAt, intervals[i].finishedAt),
        gpus: j.gpus,
        gpuResource: j.gpuResource,
        nodes: j.nodes,
        gpuModel: j.gpuModel ?? figures?.model ?? null,
        retries: j.retries,
        utilisation: figures?.utilisation ?? null,
        idle:
          j.state === 'running' &&
          j.live &&
          runningLongEnough &&
          maxUtil !== undefined &&
          maxUtil !== null &&
          maxUtil < idle.utilisationPercent,
        gpuHours: gpuHoursWithin(intervals[i], since, now),
        live: j.live,
        entityRef: j.entityRef,
        team: j.team,
      };
    });
    const rank = { running: 0, pending: 1, failed: 2, succeeded: 3 };
    out.sort(
      (a, b) =>
        rank[a.state] - rank[b.state] || b.createdAt.localeCompare(a.createdAt),
    );
    const count = (f: (j: GpuJob) => boolean) =>
      out.filter(j => j.live && f(j)).length;
    return {
      state: 'ok',
      entityRef: target.entityRef,
      team: target.kind === 'team' ? target.team : null,
      evaluatedAt: now.toISOString(),
      periodDays: days,
      idleThreshold: idle,
      jobs: out,
      totals: {
        running: count(j => j.state === 'running'),
        pending: count(j => j.state === 'pending'),
        failed: count(j => j.state === 'failed'),
        idle: count(j => j.idle),
        gpusInUse: out
          .filter(j => j.live && j.state === 'running')
          .reduce((sum, j) => sum + j.gpus, 0),
        gpuHours: out.reduce((sum, j) => sum + j.gpuHours, 0),
      },
      gpuHoursByDay: gpuHoursByDay(intervals, since, now),
      cached: false,
    };
  }
}
