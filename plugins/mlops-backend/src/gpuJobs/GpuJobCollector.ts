import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ANNOTATION_KUBERNETES_ID } from '@internal/plugin-mlops-common';
import { gpuJobsOfCluster } from './jobsOfCluster';
import { GpuJobStore } from './GpuJobStore';
import { KubernetesJobReader } from './KubernetesJobReader';
import { ListLimits, ObjectBudget } from '../upstream/kubernetes/listPages';

/** Whose a job is: the entity named by its kubernetes-id label and that entity's owner. */
export interface JobOwner {
  entityRef: string;
  team: string | null;
}

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
      reader: KubernetesJobReader;
      store: GpuJobStore;
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
    const owners = await this.owners(credentials);
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
      const jobs = gpuJobsOfCluster(
        cluster.name,
        answer,
        this.options.gpuResources,
      ).map(({ record }) => {
        const id = record.labels[ANNOTATION_KUBERNETES_ID];
        const owner = id ? owners?.get(id) : undefined;
        // Without a catalog answer the known owner is kept (null merges as "unchanged").
        const team = owners ? owner?.team ?? record.namespace : null;
        return { ...record, entityRef: owner?.entityRef ?? null, team };
      });
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
    logger.debug(
      `GPU jobs collected: ${JSON.stringify({ clusters: results, pruned })}`,
    );
    return { clusters: results, pruned };
  }

  /** kubernetes-id → entity and owner; undefined when the catalog does not answer. */
  private async owners(
    credentials: Awaited<ReturnType<AuthService['getOwnServiceCredentials']>>,
  ): Promise<Map<string, JobOwner> | undefined> {
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
      const owners = new Map<string, JobOwner>();
      for (const entity of items) {
        const id = entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID];
        const owner = entity.spec?.owner;
        if (!id || owners.has(id)) continue;
        owners.set(id, {
          entityRef: stringifyEntityRef(entity),
          team:
            typeof owner === 'string'
              ? parseEntityRef(owner, { defaultKind: 'group' }).name
              : null,
        });
      }
      return owners;
    } catch (error) {
      this.options.logger.warn(
        `GPU jobs collected without owners: the catalog did not answer: ${error}`,
      );
      return undefined;
    }
  }
}
