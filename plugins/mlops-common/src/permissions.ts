import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading the serving health of a catalog entity: traffic, errors, latency,
 * SLOs, replicas and pods. Checked against the entity, so policies can
 * allow it for owners only.
 *
 * @public
 */
export const mlopsServingReadPermission = createPermission({
  name: 'mlops.serving.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Every permission of the MLOps plugins. @public */
export const mlopsPermissions = [mlopsServingReadPermission];
