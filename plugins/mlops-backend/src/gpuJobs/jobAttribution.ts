import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
} from '@internal/plugin-mlops-common';
import { GpuJobRecord } from './jobRecord';
import { GpuJobOwnership, GpuJobStore } from './GpuJobStore';
import {
  HoldsNamespace,
  JobClaim,
  attributeJob,
  entityRefOf,
  ownerRefOf,
} from './jobOwnership';

/** A job record with whose it is; null ownership keeps what is stored. */
export type AttributedJob = GpuJobRecord & {
  entityRef: string | null;
  team: string | null;
  claimants: string[] | null;
};

/**
 * Decides whose each GPU job is, from the catalog's claims (entities with a
 * kubernetes-id) and the tenancy bindings, for the re-list and the watch
 * alike. The catalog is asked at most once per `claimsMaxAgeMs`.
 */
export class JobAttribution {
  private cached?: {
    at: number;
    claims: Promise<Map<string, JobClaim[]> | undefined>;
  };

  constructor(
    private readonly options: {
      store: GpuJobStore;
      /** The tenancy bindings: who may own the jobs of a namespace. */
      holds: HoldsNamespace;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      claimsMaxAgeMs: number;
    },
  ) {}

  /** The records of one cluster, each with its owner. */
  async attribute(
    cluster: string,
    records: GpuJobRecord[],
  ): Promise<AttributedJob[]> {
    if (!records.length) return [];
    const now = Date.now();
    if (!this.cached || now - this.cached.at >= this.options.claimsMaxAgeMs) {
      this.cached = { at: now, claims: this.claims() };
    }
    return this.attributeWith(cluster, records, await this.cached.claims);
  }

  /**
   * Each job with its owner: without a catalog answer (`claims` undefined)
   * every stored owner is kept (null merges as "unchanged").
   */
  private async attributeWith(
    cluster: string,
    records: GpuJobRecord[],
    claims: Map<string, JobClaim[]> | undefined,
  ): Promise<AttributedJob[]> {
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
  private async claims(): Promise<Map<string, JobClaim[]> | undefined> {
    try {
      const credentials = await this.options.auth.getOwnServiceCredentials();
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
