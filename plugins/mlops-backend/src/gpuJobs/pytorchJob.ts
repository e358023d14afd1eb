import type { V1PodSpec } from '@kubernetes/client-node';
import { z } from 'zod';

/*
 * The parts of Kubeflow's PyTorchJob (kubeflow.org/v1, as the Training
 * Operator v1.9 defines and writes it) that the portal reads. The
 * CustomObjectsApi hands it over as plain JSON, written by whoever may
 * write it: every part is parsed on its own, and a part that does not
 * parse counts as absent instead of failing the job or the answer.
 */

export const PYTORCHJOB_GROUP = 'kubeflow.org';
export const PYTORCHJOB_VERSION = 'v1';
export const PYTORCHJOB_PLURAL = 'pytorchjobs';
/** Label the Training Operator puts on a PyTorchJob's pods: the job's name. */
export const TRAINING_JOB_NAME_LABEL = 'training.kubeflow.org/job-name';

const quantities = z.record(z.string(), z.union([z.string(), z.number()]));
const container = z.looseObject({
  resources: z
    .object({ limits: quantities.optional(), requests: quantities.optional() })
    .optional(),
});
const podSpec = z.looseObject({
  containers: z.array(container),
  initContainers: z.array(container).optional(),
});
const replicaSpec = z.object({
  replicas: z.number().int().nonnegative().optional(),
  template: z.object({ spec: podSpec.optional() }).optional(),
});
const count = z.number().int().nonnegative().optional().catch(undefined);

const metadata = z.object({
  name: z.string().min(1),
  namespace: z.string().optional(),
  uid: z.string().min(1),
  creationTimestamp: z.string().optional().catch(undefined),
  labels: z.record(z.string(), z.string()).optional().catch(undefined),
  ownerReferences: z
    .array(
      z.object({
        apiVersion: z.string(),
        kind: z.string(),
        name: z.string(),
        uid: z.string(),
        controller: z.boolean().optional(),
      }),
    )
    .optional()
    .catch(undefined),
});
const spec = z.object({
  pytorchReplicaSpecs: z.record(z.string(), replicaSpec.nullable().catch(null)),
  runPolicy: z
    .object({ suspend: z.boolean().optional() })
    .optional()
    .catch(undefined),
});
const condition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});
const status = z.object({
  conditions: z
    .array(condition.nullable().catch(null))
    .optional()
    .catch(undefined),
  replicaStatuses: z
    .record(
      z.string(),
      z.object({ active: count, succeeded: count, failed: count }).catch({}),
    )
    .optional()
    .catch(undefined),
  startTime: z.string().optional().catch(undefined),
  completionTime: z.string().optional().catch(undefined),
});

export type PyTorchJobCondition = z.infer<typeof condition>;

/** One replica type as its spec asks for it and its status counts it. */
export interface PyTorchReplicas {
  /** `Master`, `Worker`, as the spec names it. */
  type: string;
  replicas: number;
  /** The pod template's spec; undefined when it has none that parses. */
  podSpec: V1PodSpec | undefined;
  active: number;
  succeeded: number;
  failed: number;
}

/** A PyTorchJob as the portal reads it. */
export interface PyTorchJob {
  metadata: z.infer<typeof metadata>;
  suspended: boolean;
  /** Master first, then the other types by name. */
  replicas: PyTorchReplicas[];
  conditions: PyTorchJobCondition[];
  startTime: string | null;
  completionTime: string | null;
}

const byType = (a: { type: string }, b: { type: string }) =>
  Number(b.type === 'Master') - Number(a.type === 'Master') ||
  a.type.localeCompare(b.type);

/**
 * A PyTorchJob from what the apiserver listed; null when it has no name or
 * UID to know it by. A spec or status that does not parse counts as empty.
 */
export function parsePyTorchJob(raw: unknown): PyTorchJob | null {
  const object = z
    .object({ metadata, spec: z.unknown(), status: z.unknown() })
    .safeParse(raw);
  if (!object.success) return null;
  const specOf = spec.safeParse(object.data.spec);
  const statusOf = status.safeParse(object.data.status ?? {});
  const specs = specOf.success ? specOf.data.pytorchReplicaSpecs : {};
  const now = statusOf.success ? statusOf.data : {};
  const replicas = Object.entries(specs)
    .flatMap(([type, s]) => (s ? [{ type, s }] : []))
    .map(({ type, s }) => {
      const counted = now.replicaStatuses?.[type] ?? {};
      return {
        type,
        replicas: s.replicas ?? 1,
        podSpec: s.template?.spec as V1PodSpec | undefined,
        active: counted.active ?? 0,
        succeeded: counted.succeeded ?? 0,
        failed: counted.failed ?? 0,
      };
    })
    .sort(byType);
  return {
    metadata: object.data.metadata,
    suspended: specOf.success && specOf.data.runPolicy?.suspend === true,
    replicas,
    conditions: (now.conditions ?? []).flatMap(c => (c ? [c] : [])),
    startTime: now.startTime ?? null,
    completionTime: now.completionTime ?? null,
  };
}
