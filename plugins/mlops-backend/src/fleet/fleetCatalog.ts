import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { MlopsCore } from '../shared/core';
import {
  EntityTarget,
  resolveEntityTarget,
  targetDefaults,
} from '../shared/entityTarget';
import { locateTenantScope } from '../tenancy/entityScope';
import { TenantScope } from '../tenancy/tenantScope';
import type { FleetEntity } from './fleetRows';

/** The services the tenancy let the run read, by entity ref, with where they are read. */
export type ReadableServices = Map<
  string,
  { target: EntityTarget; scope: TenantScope }
>;

/** The model services of the catalog, read in pages of `pageSize`. */
export async function readModelServices(
  catalog: Pick<CatalogService, 'queryEntities'>,
  credentials: BackstageCredentials,
  pageSize = 500,
): Promise<{ entities: Entity[]; requests: number }> {
  const entities: Entity[] = [];
  let requests = 0;
  let cursor: string | undefined;
  do {
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, limit: pageSize }
        : {
            filter: { kind: 'Component', 'spec.type': 'model-service' },
            limit: pageSize,
            orderFields: { field: 'metadata.name', order: 'asc' },
          },
      { credentials },
    );
    requests += 1;
    entities.push(...page.items);
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return { entities, requests };
}

/**
 * Every model service of the catalog with its checked annotations and where
 * its owner may read it, as its own page decides; and those it may read.
 */
export async function readFleetEntities(
  core: Pick<MlopsCore, 'config' | 'kubernetes' | 'tenancy'>,
  catalog: Pick<CatalogService, 'queryEntities'>,
  credentials: BackstageCredentials,
): Promise<{
  items: FleetEntity[];
  readable: ReadableServices;
  requests: number;
}> {
  const { entities, requests } = await readModelServices(catalog, credentials);
  const defaults = targetDefaults(core.config);
  const items = await Promise.all(
    entities.map(async (entity): Promise<FleetEntity> => {
      const resolved = resolveEntityTarget(entity, defaults);
      if (!resolved.ok) return { entity, ...resolved };
      const decided = await locateTenantScope(
        core,
        entity,
        resolved.target.namespace,
        credentials,
      );
      if (!decided.ok) return { entity, ...decided };
      return {
        entity,
        ok: true,
        target: { ...resolved.target, namespace: decided.scope.namespace },
        scope: decided.scope,
      };
    }),
  );
  const readable: ReadableServices = new Map(
    items.flatMap(i =>
      i.ok ? [[i.target.entityRef, { target: i.target, scope: i.scope }]] : [],
    ),
  );
  return { items, readable, requests };
}
