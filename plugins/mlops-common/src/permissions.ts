import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading what the MLOps plugins show of a catalog entity: serving health,
 * alerts, autoscaling and GPU jobs. Checked against the entity, so policies
 * can allow it for owners only.
 *
 * @public
 */
export const mlopsEntityReadPermission = createPermission({
  name: 'mlops.entity.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Reading the fleet-wide views (every team's services and GPU jobs). Not
 * bound to one entity, so policies usually allow it to platform groups only.
 *
 * @public
 */
export const mlopsFleetReadPermission = createPermission({
  name: 'mlops.fleet.read',
  attributes: { action: 'read' },
});

/** Every permission of the MLOps plugins. @public */
export const mlopsPermissions = [
  mlopsEntityReadPermission,
  mlopsFleetReadPermission,
];
