import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import {
  ClusterWorkloads,
  KubernetesWorkloadReader,
} from '../upstream/kubernetes/KubernetesWorkloadReader';
import {
  inferenceServiceNames,
  InferenceServiceReads,
  summariseInferenceService,
} from './inferenceServices';

/**
 * Reads the entity's InferenceServices where its workloads were read: one
 * list of the namespace per cluster that answered, only when the entity is
 * annotated with one or its pods carry KServe's label. Reads nothing else
 * and nowhere else: the namespace is the one the owner holds there.
 */
export async function readInferenceServices(
  reader: Pick<KubernetesWorkloadReader, 'readInferenceServices'>,
  input: {
    clusters: ClusterDetails[];
    namespace: string;
    annotated?: string;
    workloads: ClusterWorkloads[];
  },
): Promise<InferenceServiceReads & { requests: Map<string, number> }> {
  const { namespace, workloads } = input;
  const wanted = inferenceServiceNames(
    input.annotated,
    workloads.flatMap(w => (w.ok ? w.pods : [])),
  );
  const requests = new Map<string, number>();
  const empty = { summaries: [], wanted, namespace, failed: [], requests };
  if (wanted.length === 0) return { ...empty, answered: false };
  const answered = new Set(workloads.filter(w => w.ok).map(w => w.cluster));
  const answers = await Promise.all(
    input.clusters
      .filter(c => answered.has(c.name))
      .map(c => reader.readInferenceServices(c, namespace)),
  );
  const names = new Set(wanted);
  for (const a of answers) requests.set(a.cluster, a.requests);
  return {
    ...empty,
    answered: answers.some(a => a.ok),
    summaries: answers.flatMap(a =>
      a.ok
        ? a.inferenceServices
            .filter(i => names.has(i.metadata?.name ?? ''))
            .map(i => summariseInferenceService(a.cluster, i))
        : [],
    ),
    failed: answers.flatMap(a =>
      a.ok ? [] : [{ cluster: a.cluster, message: a.error.message }],
    ),
  };
}
