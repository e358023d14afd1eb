import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EntityNotConfigured } from '@internal/plugin-mlops-common';
import { MlopsCore } from '../shared/core';
import {
  EntityTarget,
  resolveEntityTarget,
  targetDefaults,
} from '../shared/entityTarget';
import {
  decideTenantScope,
  TenantScope,
  TenantScopeDecision,
} from './tenantScope';

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

/**
 * The entity's checked annotations with the namespace its owner may read,
 * and where: the target of the features that read workloads by annotation.
 */
export async function scopedEntityTarget(
  core: Pick<MlopsCore, 'config' | 'kubernetes' | 'tenancy'>,
  entity: Entity,
  credentials: BackstageCredentials,
): Promise<
  | { ok: true; target: EntityTarget; scope: TenantScope }
  | { ok: false; answer: EntityNotConfigured }
> {
  const resolved = resolveEntityTarget(entity, targetDefaults(core.config));
  if (!resolved.ok) return resolved;
  const decided = await locateTenantScope(
    core,
    entity,
    resolved.target.namespace,
    credentials,
  );
  if (!decided.ok) return decided;
  const { scope } = decided;
  return {
    ok: true,
    target: { ...resolved.target, namespace: scope.namespace },
    scope,
  };
}
