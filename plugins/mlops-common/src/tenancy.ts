import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * One entry of `mlops.tenancy.namespaces`: the namespaces (a glob, `*` for
 * any run of characters) on the clusters (a glob, default `*`) that the
 * owners hold.
 *
 * @public
 */
export interface NamespaceBinding {
  cluster: string;
  namespace: string;
  /** Full entity refs, lower case, e.g. `group:default/fraud-ml`. */
  owners: string[];
}

/** `mlops.tenancy`, as read. @public */
export interface TenancyConfig {
  namespaces: NamespaceBinding[];
  /** Groups that may read every tenant's views and the fleet-wide ones. */
  platformGroups: string[];
}

/** `group:default/x` for `x`, `group:x` or `Group:default/X`; users stay users. @public */
export function normalizeOwnerRef(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref.trim(), { defaultKind: 'group' }),
  ).toLocaleLowerCase('en-US');
}

const GLOB = /^[a-z0-9*]([-a-z0-9.*]{0,251}[a-z0-9*])?$/;

/**
 * Reads `mlops.tenancy` (plugins/mlops-backend/config.d.ts). Shared by the
 * mlops backend and the permission policy, so both read one platform-group list.
 *
 * @public
 */
export function readTenancyConfig(root: Config): TenancyConfig {
  const tenancy = root.getOptionalConfig('mlops.tenancy');
  const namespaces = (tenancy?.getOptionalConfigArray('namespaces') ?? []).map(
    (c, index) => {
      const where = `mlops.tenancy.namespaces[${index}]`;
      const cluster = c.getOptionalString('cluster') ?? '*';
      const namespace = c.getString('namespace');
      for (const [key, value] of [
        ['cluster', cluster],
        ['namespace', namespace],
      ]) {
        if (!GLOB.test(value)) {
          throw new InputError(
            `${where}.${key} '${value}' must be a name or a glob of lowercase letters, digits, -, . and *`,
          );
        }
      }
      const owners = c.getStringArray('owners').map(owner => {
        try {
          return normalizeOwnerRef(owner);
        } catch (error) {
          throw new InputError(
            `${where}.owners: '${owner}' is not an entity ref: ${
              (error as Error).message
            }`,
          );
        }
      });
      if (owners.length === 0) {
        throw new InputError(`${where}.owners must name at least one owner`);
      }
      return { cluster, namespace, owners };
    },
  );
  const platformGroups = (
    tenancy?.getOptionalStringArray('platformGroups') ?? []
  ).map(normalizeOwnerRef);
  return { namespaces, platformGroups };
}
