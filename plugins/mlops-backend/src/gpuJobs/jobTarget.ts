import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  EntityNotConfigured,
  LabelSelector,
  isNamespaceName,
} from '@internal/plugin-mlops-common';
import { readLabelSelector } from '../shared/entityTarget';

/** Which jobs an entity stands for. */
export type GpuJobTarget =
  | {
      kind: 'team';
      entityRef: string;
      /** The Group's full ref, lower case: what the collector records as a job's team. */
      team: string;
    }
  | {
      kind: 'selector';
      entityRef: string;
      namespace?: string;
      labelSelector: string;
      selector: LabelSelector;
    };

/**
 * A Group stands for its team's jobs (as the collector attributed them); any
 * other entity for the Jobs its Kubernetes annotations select, the way the
 * kubernetes plugin selects its objects.
 */
export function resolveGpuJobTarget(
  entity: Entity,
):
  | { ok: true; target: GpuJobTarget }
  | { ok: false; answer: EntityNotConfigured } {
  const entityRef = stringifyEntityRef(entity);
  if (entity.kind.toLocaleLowerCase('en-US') === 'group') {
    return {
      ok: true,
      target: {
        kind: 'team',
        entityRef,
        team: entityRef.toLocaleLowerCase('en-US'),
      },
    };
  }
  const annotations = entity.metadata.annotations ?? {};
  const id = annotations[ANNOTATION_KUBERNETES_ID]?.trim();
  const custom = annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR]?.trim();
  const namespace = annotations[ANNOTATION_KUBERNETES_NAMESPACE]?.trim();
  const notConfigured = (
    reason: EntityNotConfigured['reason'],
    annotation: string,
    message: string,
    value?: string,
  ) => ({
    ok: false as const,
    answer: {
      state: 'not-configured' as const,
      entityRef,
      reason,
      message,
      problems: [{ annotation, value: value?.slice(0, 200), message }],
    },
  });
  if (!id && !custom) {
    return notConfigured(
      'missing-annotation',
      ANNOTATION_KUBERNETES_ID,
      `GPU jobs are found by the label ${ANNOTATION_KUBERNETES_ID} (or the annotation ${ANNOTATION_KUBERNETES_LABEL_SELECTOR}); ${entityRef} has neither.`,
    );
  }
  const labelSelector = custom ?? `${ANNOTATION_KUBERNETES_ID}=${id}`;
  const parsed = readLabelSelector(labelSelector);
  if (!parsed.ok) {
    return notConfigured(
      'invalid-annotation',
      custom ? ANNOTATION_KUBERNETES_LABEL_SELECTOR : ANNOTATION_KUBERNETES_ID,
      parsed.message,
      custom ?? id,
    );
  }
  if (namespace !== undefined && !isNamespaceName(namespace)) {
    return notConfigured(
      'invalid-annotation',
      ANNOTATION_KUBERNETES_NAMESPACE,
      'must be a namespace name: up to 63 lowercase letters, digits or -',
      namespace,
    );
  }
  return {
    ok: true,
    target: {
      kind: 'selector',
      entityRef,
      namespace,
      labelSelector,
      selector: parsed.selector,
    },
  };
}
