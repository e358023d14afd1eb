import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { MlopsCore } from '../shared/core';
import { decideTenantScope, TenantScopeDecision } from './tenantScope';

/**
 * Locates the entity's clusters with the kubernetes plugin and decides
 * where its owner may read: the one step every feature takes before it
 * asks any upstream source (and before it looks in its cache).
 */
export async function locateTenantScope(
  core: Pick<MlopsCore, 'kubernetes' | 'tenancy'>,
  entity: Entity,
  namespace: string | undefined,
  credentials: BackstageCredentials,
): Promise<TenantScopeDecision> {
  const located = await core.kubernetes.locate(entity, credentials);
  return decideTenantScope({
    entityRef: stringifyEntityRef(entity),
    owner: entity.spec?.owner,
    namespace,
    located,
    bindings: core.tenancy,
  });
}
