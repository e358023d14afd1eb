import { stringifyEntityRef } from '@backstage/catalog-model';
import { specRefOf } from '../shared/specRefs';

/** An entity that claims a job: it carries the job's kubernetes-id. */
export interface JobClaim {
  /** Lower-case full ref, e.g. `component:default/fraud-trainer`. */
  entityRef: string;
  /** Lower-case full ref of the entity's owner, e.g. `group:default/fraud-ml`. */
  owner: string | null;
  /** The entity's namespace annotation: it then claims only jobs there. */
  namespace?: string;
}

/** Whether `owner` holds `namespace` on `cluster` (the tenancy bindings). */
export type HoldsNamespace = (
  owner: string,
  cluster: string,
  namespace: string,
) => boolean;

/**
 * Whose a job is after one look at the catalog:
 * - `kept`: the stored owner is still eligible and stays, whoever else claims it;
 * - `attributed`: a job without a stored owner gets the only (or first sorted) eligible claimant;
 * - `reattributed`: the stored owner is no longer eligible, another one is;
 * - `unattributed`: nobody eligible; a stored owner (`previous`) stays recorded.
 * `claimants` lists every eligible claimant when there are several (a conflict).
 */
export type JobAttribution =
  | {
      outcome: 'kept' | 'attributed';
      entityRef: string;
      team: string | null;
      claimants: string[];
    }
  | {
      outcome: 'reattributed';
      entityRef: string;
      team: string | null;
      claimants: string[];
      previous: string;
    }
  | { outcome: 'unattributed'; previous: string | null };

/** The lower-case full ref of an entity. */
export function entityRefOf(entity: {
  kind: string;
  metadata: { name: string; namespace?: string };
}): string {
  const { kind, metadata } = entity;
  return stringifyEntityRef({
    kind,
    namespace: metadata.namespace,
    name: metadata.name,
  }).toLocaleLowerCase('en-US');
}

/**
 * The owner of an entity as a lower-case full ref: `spec.owner` read the way
 * the catalog reads it (a Group by default, in the entity's namespace), so
 * `user:bob` stays a user; null when absent or not a ref.
 */
export function ownerRefOf(entity: {
  metadata: { namespace?: string };
  spec?: { owner?: unknown };
}): string | null {
  return specRefOf(entity, 'owner', 'group');
}

/**
 * The attribution rule. Every entity with the job's kubernetes-id (and, when
 * it names one, the job's namespace) claims the job; a claim counts only when
 * its owner holds the job's namespace on the job's cluster, since only an
 * admin writes those bindings. The first attributed owner keeps the job while
 * it stays eligible, so catalog order never moves history; among new
 * claimants the sorted first wins, and several eligible ones are a conflict.
 */
export function attributeJob(input: {
  job: { cluster: string; namespace: string };
  claims: readonly JobClaim[];
  storedEntityRef: string | null;
  holds: HoldsNamespace;
}): JobAttribution {
  const { job, claims, holds } = input;
  const eligible = new Map<string, JobClaim>();
  for (const claim of claims) {
    if (claim.namespace !== undefined && claim.namespace !== job.namespace) {
      continue;
    }
    if (!claim.owner || !holds(claim.owner, job.cluster, job.namespace)) {
      continue;
    }
    eligible.set(claim.entityRef, claim);
  }
  const refs = [...eligible.keys()].sort();
  const claimants = refs.length > 1 ? refs : [];
  const stored = input.storedEntityRef?.toLocaleLowerCase('en-US') ?? null;
  const kept = stored ? eligible.get(stored) : undefined;
  if (kept) {
    return {
      outcome: 'kept',
      entityRef: kept.entityRef,
      team: kept.owner,
      claimants,
    };
  }
  if (refs.length === 0) return { outcome: 'unattributed', previous: stored };
  const chosen = eligible.get(refs[0])!;
  const attribution = {
    entityRef: chosen.entityRef,
    team: chosen.owner,
    claimants,
  };
  return stored
    ? { outcome: 'reattributed', ...attribution, previous: stored }
    : { outcome: 'attributed', ...attribution };
}
