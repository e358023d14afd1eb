import { UserInfoService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  mlopsEntityReadPermission,
  mlopsFleetReadPermission,
  normalizeOwnerRef,
} from '@internal/plugin-mlops-common';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** Self-service for every signed-in user: browse, register, create, docs. */
const ALLOWED_TO_USERS = new Set([
  'catalog.entity.read',
  'catalog.entity.create',
  'catalog.entity.validate',
  'catalog.location.read',
  'catalog.location.create',
  'catalog.location.analyze',
  'scaffolder.action.execute',
  'scaffolder.task.create',
  'scaffolder.task.read',
  'scaffolder.task.cancel',
  'scaffolder.template.parameter.read',
  'scaffolder.template.step.read',
  'scaffolder.template.dry-run',
]);

/** Changes to one entity, allowed to the users who own it. */
const OWNER_ONLY = new Set([
  'catalog.entity.delete',
  'catalog.entity.refresh',
  mlopsEntityReadPermission.name,
]);

/**
 * The portal's permission policy (docs/permissions.md):
 *
 * - backend-to-backend calls (no user) and members of a platform group
 *   (`mlops.tenancy.platformGroups`): allowed;
 * - other users: the self-service actions above; reading an entity's MLOps
 *   views, refreshing or deleting an entity only when they own it (or, for a
 *   Group, are in it); everything else, including the fleet-wide views, the
 *   Kubernetes plugin and permissions of plugins added later, denied until
 *   this policy names it.
 */
export class MlopsPermissionPolicy implements PermissionPolicy {
  private readonly platformGroups: Set<string>;

  constructor(
    private readonly options: {
      userInfo: UserInfoService;
      platformGroups: string[];
    },
  ) {
    this.platformGroups = new Set(
      options.platformGroups.map(normalizeOwnerRef),
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) return ALLOW;
    const { ownershipEntityRefs } = await this.options.userInfo.getUserInfo(
      user.credentials,
    );
    const claims = ownershipEntityRefs;
    if (claims.some(ref => this.platformGroups.has(normalizeOwnerRef(ref)))) {
      return ALLOW;
    }

    const { permission } = request;
    if (ALLOWED_TO_USERS.has(permission.name)) return ALLOW;
    if (permission.name === mlopsFleetReadPermission.name) return DENY;
    if (
      OWNER_ONLY.has(permission.name) &&
      isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)
    ) {
      return ownedEntityDecision(permission, claims);
    }
    return DENY;
  }
}

type CatalogCriteria = PermissionCriteria<
  PermissionCondition<typeof RESOURCE_TYPE_CATALOG_ENTITY>
>;

/** Entities owned by one of the claims, and the Groups among the claims. */
function ownedEntityDecision(
  permission: ResourcePermission<typeof RESOURCE_TYPE_CATALOG_ENTITY>,
  claims: string[],
): PolicyDecision {
  const groups = claims
    .map(claim => parseEntityRef(claim))
    .filter(ref => ref.kind.toLocaleLowerCase('en-US') === 'group')
    .map(
      (ref): CatalogCriteria => ({
        allOf: [
          catalogConditions.isEntityKind({ kinds: ['Group'] }),
          catalogConditions.hasMetadata({
            key: 'namespace',
            value: ref.namespace,
          }),
          catalogConditions.hasMetadata({ key: 'name', value: ref.name }),
        ],
      }),
    );
  return createCatalogConditionalDecision(permission, {
    anyOf: [catalogConditions.isEntityOwner({ claims }), ...groups],
  });
}
