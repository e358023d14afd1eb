import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import {
  ANNOTATION_KUBERNETES_NAMESPACE,
  EntityNotConfigured,
  SourceReport,
} from '@internal/plugin-mlops-common';
import { notConfiguredReport } from '../shared/sourceReports';
import { LocatedClusters } from '../upstream/kubernetes/KubernetesWorkloadReader';
import { NamespaceBindings, normalizeOwnerRef } from './namespaceBindings';

/** Where an entity may be read: one namespace, on the clusters its owner holds it. */
export interface TenantScope {
  namespace: string;
  /** True when the namespace came from the owner's bindings, not an annotation. */
  derived: boolean;
  /** The located clusters on which the owner holds the namespace. */
  clusters: ClusterDetails[];
  /** The located clusters on which it does not: not read. */
  skipped: string[];
}

export type TenantScopeDecision =
  | { ok: true; scope: TenantScope }
  | { ok: false; answer: EntityNotConfigured };

const ADD_IT = 'ask the platform team to add it under mlops.tenancy.namespaces';

function ownerOf(owner: unknown): string | undefined {
  if (typeof owner !== 'string' || !owner.trim()) return undefined;
  try {
    return normalizeOwnerRef(owner);
  } catch {
    return undefined;
  }
}

/**
 * Decides, per located cluster, whether the entity's owner holds its
 * namespace in `mlops.tenancy`. Without a namespace annotation the namespace
 * is the one the owner holds by name on the located clusters, if exactly
 * one. An entity without owner holds nothing. When the answer is not ok,
 * nothing may be read for the entity.
 */
export function decideTenantScope(input: {
  entityRef: string;
  /** `spec.owner` as the catalog holds it. */
  owner: unknown;
  /** The namespace annotation, already validated. */
  namespace?: string;
  located: LocatedClusters;
  bindings: NamespaceBindings;
}): TenantScopeDecision {
  const { entityRef, namespace, located, bindings } = input;
  const owner = ownerOf(input.owner);
  const refuse = (
    reason: 'namespace-not-bound' | 'namespace-required',
    message: string,
  ): TenantScopeDecision => ({
    ok: false,
    answer: {
      state: 'not-configured',
      entityRef,
      reason,
      message,
      problems: [
        {
          annotation: ANNOTATION_KUBERNETES_NAMESPACE,
          ...(namespace === undefined ? {} : { value: namespace }),
          message,
        },
      ],
    },
  });
  if (!located.ok) {
    return refuse(
      'namespace-not-bound',
      `The clusters of ${entityRef} are unknown, so its namespace cannot be checked against mlops.tenancy: ${located.message}`,
    );
  }
  const names = located.clusters.map(c => c.name);
  if (!owner) {
    return refuse(
      'namespace-not-bound',
      `${entityRef} has no owner (spec.owner), and only an owner can hold a namespace; set spec.owner to the team that runs it`,
    );
  }
  let chosen = namespace;
  if (chosen === undefined) {
    const candidates = [
      ...new Set(names.flatMap(c => bindings.namedNamespacesOf(owner, c))),
    ].sort();
    if (candidates.length !== 1) {
      return refuse(
        'namespace-required',
        candidates.length === 0
          ? `${entityRef} names no namespace (${ANNOTATION_KUBERNETES_NAMESPACE}) and ${owner} holds none by name on ${
              names.join(', ') || 'any located cluster'
            }; add the annotation, or ${ADD_IT}`
          : `${entityRef} names no namespace (${ANNOTATION_KUBERNETES_NAMESPACE}) and ${owner} holds several (${candidates.join(
              ', ',
            )}); add the annotation with one of them`,
      );
    }
    chosen = candidates[0];
  }
  const ns = chosen;
  const clusters = located.clusters.filter(c =>
    bindings.holds(owner, c.name, ns),
  );
  if (clusters.length === 0) {
    const where = names.length ? names.join(', ') : 'no located cluster';
    return refuse(
      'namespace-not-bound',
      `namespace ${ns} on cluster ${where} is not bound to ${owner}; ${ADD_IT}`,
    );
  }
  return {
    ok: true,
    scope: {
      namespace: ns,
      derived: namespace === undefined,
      clusters,
      skipped: names.filter(n => !clusters.some(c => c.name === n)),
    },
  };
}

/** One report per located cluster that was not read, saying why. */
export function skippedClusterReports(scope: TenantScope): SourceReport[] {
  return scope.skipped.map(cluster =>
    notConfiguredReport(
      'kubernetes',
      cluster,
      `not read: namespace ${scope.namespace} on cluster ${cluster} is not bound to the owner under mlops.tenancy.namespaces`,
    ),
  );
}

/** The scope as the located clusters the readers take. */
export function scopedClusters(scope: TenantScope): LocatedClusters {
  return { ok: true, clusters: scope.clusters };
}
