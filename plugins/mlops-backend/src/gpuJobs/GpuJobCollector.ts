import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
} from '@internal/plugin-mlops-common';
import { GpuJobRecord } from './jobRecord';
import { gpuJobsOfCluster } from './jobsOfCluster';
import { GpuJobOwnership, GpuJobStore } from './GpuJobStore';
import {
  HoldsNamespace,
  JobClaim,
  attributeJob,
  entityRefOf,
  ownerRefOf,
} from './jobOwnership';
import { KubernetesJobReader } from './KubernetesJobReader';
import { ListLimits, ObjectBudget } from '../upstream/kubernetes/listPages';

/** What one run did, per cluster. */
export interface GpuJobCollectorRun {
  clusters: Array<{
    cluster: string;
    ok: boolean;
    jobs: number;
    gone: number;
    requests: number;
    error?: string;
  }>;
  pruned: number;
}

/**
 * The scheduled task that keeps GPU jobs after Kubernetes deletes them: per
 * cluster, one list of Jobs, one of Job pods (and the nodes, cached), upserted
 * by cluster and Job UID; Jobs no longer listed are marked gone, never
 * deleted, until the retention passes.
 */
export class GpuJobCollector {
  constructor(
    private readonly options: {
      reader: Pick<KubernetesJobReader, 'allClusters' | 'readJobs'>;
      store: GpuJobStore;
      /** The tenancy bindings: who may own the jobs of a namespace. */
      holds: HoldsNamespace;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      gpuResources: string[];
      retentionMs: number;
      limits: ListLimits;
    },
  ) {}

  async run(signal?: AbortSignal): Promise<GpuJobCollectorRun> {
    const { reader, store, auth, logger } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const claims = await this.claims(credentials);
    const results: GpuJobCollectorRun['clusters'] = [];
    const budget = ObjectBudget.perCollectorRun(this.options.limits);
    for (const cluster of await reader.allClusters(credentials)) {
      if (signal?.aborted) break;
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
          requests: answer.requests,
          error: answer.error.message,
        });
        continue;
      }
      const now = new Date();
      const records = gpuJobsOfCluster(
        cluster.name,
        answer,
        this.options.gpuResources,
      ).map(({ record }) => record);
      const jobs = await this.attribute(cluster.name, records, claims);
      await store.upsert(jobs, now);
      const gone = await store.markGone(
        cluster.name,
        jobs.map(j => j.uid),
        now,
      );
      results.push({
        cluster: cluster.name,
        ok: true,
        jobs: jobs.length,
        gone,
        requests: answer.requests,
      });
    }
    const pruned = await store.prune(
      new Date(Date.now() - this.options.retentionMs),
    );
    const count = (key: 'jobs' | 'gone' | 'requests') =>
      results.reduce((n, c) => n + c[key], 0);
    logger.info(
      `GPU jobs: ${results.length} cluster(s), ${count('jobs')} jobs, ${count(
        'gone',
      )} gone, ${count('requests')} requests, ${pruned} pruned`,
    );
    return { clusters: results, pruned };
  }

  /**
   * Each job with its owner: without a catalog answer (`claims` undefined)
   * every stored owner is kept (null merges as "unchanged").
   */
  private async attribute(
    cluster: string,
    records: GpuJobRecord[],
    claims: Map<string, JobClaim[]> | undefined,
  ) {
    const unknown = { entityRef: null, team: null, claimants: null };
    if (!claims) return records.map(record => ({ ...record, ...unknown }));
    const stored = await this.options.store.ownershipOf(
      cluster,
      records.map(r => r.uid),
    );
    return records.map(record => {
      const id = record.labels[ANNOTATION_KUBERNETES_ID];
      const before = stored.get(record.uid);
      const decision = attributeJob({
        job: record,
        claims: (id && claims.get(id)) || [],
        storedEntityRef: before?.entityRef ?? null,
        holds: this.options.holds,
      });
      this.report(record, before, decision);
      if (decision.outcome === 'unattributed') {
        return { ...record, ...unknown, claimants: [] };
      }
      const { entityRef, team, claimants } = decision;
      return { ...record, entityRef, team, claimants };
    });
  }

  /** Logs every change of owner and every new conflict; never silent. */
  private report(
    job: GpuJobRecord,
    before: GpuJobOwnership | undefined,
    decision: ReturnType<typeof attributeJob>,
  ) {
    const { logger } = this.options;
    const name = `${job.cluster}/${job.namespace}/${job.name}`;
    if (decision.outcome === 'reattributed') {
      logger.info(
        `GPU job ${name} changes owner from ${decision.previous} to ${decision.entityRef}: ${decision.previous} no longer claims it with an owner holding namespace ${job.namespace}`,
      );
    } else if (decision.outcome === 'unattributed' && decision.previous) {
      logger.debug(
        `GPU job ${name} keeps owner ${decision.previous}, which is no longer eligible: no other claimant's owner holds namespace ${job.namespace}`,
      );
    }
    if (
      decision.outcome !== 'unattributed' &&
      decision.claimants.length > 0 &&
      decision.claimants.join(',') !== (before?.claimants ?? []).join(',')
    ) {
      logger.info(
        `GPU job ${name} is claimed by ${decision.claimants.join(
          ', ',
        )}; it stays with ${decision.entityRef}`,
      );
    }
  }

  /** kubernetes-id → the entities carrying it; undefined when the catalog does not answer. */
  private async claims(
    credentials: Awaited<ReturnType<AuthService['getOwnServiceCredentials']>>,
  ): Promise<Map<string, JobClaim[]> | undefined> {
    try {
      const { items } = await this.options.catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]:
              CATALOG_FILTER_EXISTS,
          },
          fields: ['kind', 'metadata', 'spec.owner'],
        },
        { credentials },
      );
      const claims = new Map<string, JobClaim[]>();
      for (const entity of items) {
        const annotations = entity.metadata.annotations ?? {};
        const id = annotations[ANNOTATION_KUBERNETES_ID]?.trim();
        if (!id) continue;
        const namespace = annotations[ANNOTATION_KUBERNETES_NAMESPACE]?.trim();
        claims.set(id, [
          ...(claims.get(id) ?? []),
          {
            entityRef: entityRefOf(entity),
            owner: ownerRefOf(entity),
            namespace: namespace || undefined,
          },
        ]);
      }
      return claims;
    } catch (error) {
      this.options.logger.warn(
        `GPU jobs collected without owners: the catalog did not answer: ${error}`,
      );
      return undefined;
    }
  }
}
