import {
  ANNOTATION_MODEL_VERSION,
  RevisionRole,
  RevisionSlo,
  RevisionView,
} from '@internal/plugin-mlops-common';
import type { V1ObjectMeta, V1ReplicaSet } from '@kubernetes/client-node';
import { isoOrNull } from '../shared/dates';
import {
  ROLLOUT_HASH_LABEL,
  ROLLOUT_REVISION_ANNOTATION,
} from '../upstream/kubernetes/argoRolloutsTypes';
import { imagesOf } from '../serving/replicas';

const DEPLOYMENT_HASH_LABEL = 'pod-template-hash';
const DEPLOYMENT_REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** Which controller made a ReplicaSet, and so which labels name its revision. */
export type RevisionOwner = 'Rollout' | 'Deployment';

/** Whether `owner` (kind and name, uid when both know it) controls the object. */
export function isOwnedBy(
  object: { metadata?: V1ObjectMeta },
  kind: string,
  owner: { metadata?: V1ObjectMeta },
): boolean {
  const name = owner.metadata?.name;
  const uid = owner.metadata?.uid;
  return (object.metadata?.ownerReferences ?? []).some(
    ref =>
      ref.kind === kind &&
      ref.name === name &&
      (!uid || !ref.uid || ref.uid === uid),
  );
}

/** The pod template hash of a ReplicaSet, as its controller labels it. */
export function hashOfReplicaSet(
  rs: V1ReplicaSet,
  owner: RevisionOwner,
): string {
  const labels = rs.metadata?.labels ?? {};
  return (
    (owner === 'Rollout'
      ? labels[ROLLOUT_HASH_LABEL]
      : labels[DEPLOYMENT_HASH_LABEL]) ?? ''
  );
}

/** The revision number a controller wrote on the object, e.g. `4`. */
export function revisionOf(
  object: { metadata?: V1ObjectMeta },
  owner: RevisionOwner,
): string | null {
  const annotations = object.metadata?.annotations ?? {};
  return (
    (owner === 'Rollout'
      ? annotations[ROLLOUT_REVISION_ANNOTATION]
      : annotations[DEPLOYMENT_REVISION_ANNOTATION]) ?? null
  );
}

/** One ReplicaSet as a revision, in the role its controller gives it. */
export function revisionView(
  rs: V1ReplicaSet,
  owner: RevisionOwner,
  role: RevisionRole,
  slo: RevisionSlo | null,
): RevisionView {
  const template = rs.spec?.template;
  return {
    podTemplateHash: hashOfReplicaSet(rs, owner),
    replicaSet: rs.metadata?.name ?? '',
    revision: revisionOf(rs, owner),
    role,
    images: imagesOf(template),
    modelVersion:
      template?.metadata?.annotations?.[ANNOTATION_MODEL_VERSION] ?? null,
    desiredReplicas: rs.spec?.replicas ?? 0,
    readyReplicas: rs.status?.readyReplicas ?? 0,
    availableReplicas: rs.status?.availableReplicas ?? 0,
    createdAt: isoOrNull(rs.metadata?.creationTimestamp),
    slo,
  };
}

/** Newest first: by revision number, then by creation. */
export function newestRevisionsFirst(a: RevisionView, b: RevisionView) {
  const number = (r: RevisionView) => Number(r.revision ?? NaN);
  const byNumber = number(b) - number(a);
  if (Number.isFinite(byNumber) && byNumber !== 0) return byNumber;
  return (b.createdAt ?? '').localeCompare(a.createdAt ?? '');
}

/** Whether a revision runs pods, or is meant to. */
export function hasPods(r: RevisionView): boolean {
  return (
    r.desiredReplicas > 0 || r.readyReplicas > 0 || r.availableReplicas > 0
  );
}
