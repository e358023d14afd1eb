import {
  NamespaceBinding,
  normalizeOwnerRef,
} from '@internal/plugin-mlops-common';

export {
  normalizeOwnerRef,
  readTenancyConfig,
} from '@internal/plugin-mlops-common';
export type {
  NamespaceBinding,
  TenancyConfig,
} from '@internal/plugin-mlops-common';

function globPattern(glob: string): RegExp {
  const escaped = glob
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
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

  /** Whether `owner` holds any namespace (by name or glob) on `cluster`. */
  holdsAnyOn(owner: string, cluster: string): boolean {
    const ref = normalizeOwnerRef(owner);
    return this.compiled.some(
      b => b.owners.has(ref) && b.cluster.test(cluster),
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
