import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * One entry of `mlops.tenancy.namespaces`: the namespaces (a glob, `*` for
 * any run of characters) on the clusters (a glob, default `*`) that the
 * owners hold.
 */
export interface NamespaceBinding {
  cluster: string;
  namespace: string;
  /** Full entity refs, lower case, e.g. `group:default/fraud-ml`. */
  owners: string[];
}

/** `mlops.tenancy`, as read. */
export interface TenancyConfig {
  namespaces: NamespaceBinding[];
  /** Groups that may read every tenant's views and the fleet-wide ones. */
  platformGroups: string[];
}

/** `group:default/x` for `x`, `group:x` or `Group:default/X`; users stay users. */
export function normalizeOwnerRef(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref.trim(), { defaultKind: 'group' }),
  ).toLocaleLowerCase('en-US');
}

function globPattern(glob: string): RegExp {
  const escaped = glob
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

const GLOB = /^[a-z0-9*]([-a-z0-9.*]{0,251}[a-z0-9*])?$/;

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

/**
 * Which owner holds which namespace on which cluster. Only an admin writes
 * it (app-config), so it is what decides whose workloads an entity may
 * stand for, never the entity's own annotations.
 */
export class NamespaceBindings {
  private readonly compiled: Array<{
    cluster: RegExp;
    namespace: RegExp;
    exactNamespace?: string;
    owners: Set<string>;
  }>;

  constructor(bindings: NamespaceBinding[]) {
    this.compiled = bindings.map(b => ({
      cluster: globPattern(b.cluster),
      namespace: globPattern(b.namespace),
      exactNamespace: b.namespace.includes('*') ? undefined : b.namespace,
      owners: new Set(b.owners.map(normalizeOwnerRef)),
    }));
  }

  /** The owners (normalised refs) holding `namespace` on `cluster`. */
  ownersOf(cluster: string, namespace: string): string[] {
    const owners = new Set<string>();
    for (const b of this.compiled) {
      if (b.cluster.test(cluster) && b.namespace.test(namespace)) {
        b.owners.forEach(o => owners.add(o));
      }
    }
    return [...owners].sort();
  }

  holds(owner: string, cluster: string, namespace: string): boolean {
    const ref = normalizeOwnerRef(owner);
    return this.compiled.some(
      b =>
        b.owners.has(ref) &&
        b.cluster.test(cluster) &&
        b.namespace.test(namespace),
    );
  }

  /** The namespaces bound by name (not by glob) to `owner` on `cluster`, sorted. */
  namedNamespacesOf(owner: string, cluster: string): string[] {
    const ref = normalizeOwnerRef(owner);
    const names = new Set<string>();
    for (const b of this.compiled) {
      if (b.exactNamespace && b.owners.has(ref) && b.cluster.test(cluster)) {
        names.add(b.exactNamespace);
      }
    }
    return [...names].sort();
  }
}
