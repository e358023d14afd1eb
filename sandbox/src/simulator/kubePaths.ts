/** REST paths of the kinds the simulator writes (its own and the model-service chart's). */
const RESOURCES: Record<
  string,
  { base: string; plural: string; namespaced: boolean }
> = {
  Namespace: { base: '/api/v1', plural: 'namespaces', namespaced: false },
  Node: { base: '/api/v1', plural: 'nodes', namespaced: false },
  Pod: { base: '/api/v1', plural: 'pods', namespaced: true },
  Service: { base: '/api/v1', plural: 'services', namespaced: true },
  ServiceAccount: {
    base: '/api/v1',
    plural: 'serviceaccounts',
    namespaced: true,
  },
  ConfigMap: { base: '/api/v1', plural: 'configmaps', namespaced: true },
  NetworkPolicy: {
    base: '/apis/networking.k8s.io/v1',
    plural: 'networkpolicies',
    namespaced: true,
  },
  ServiceMonitor: {
    base: '/apis/monitoring.coreos.com/v1',
    plural: 'servicemonitors',
    namespaced: true,
  },
  PrometheusRule: {
    base: '/apis/monitoring.coreos.com/v1',
    plural: 'prometheusrules',
    namespaced: true,
  },
  Deployment: {
    base: '/apis/apps/v1',
    plural: 'deployments',
    namespaced: true,
  },
  HorizontalPodAutoscaler: {
    base: '/apis/autoscaling/v2',
    plural: 'horizontalpodautoscalers',
    namespaced: true,
  },
  PodDisruptionBudget: {
    base: '/apis/policy/v1',
    plural: 'poddisruptionbudgets',
    namespaced: true,
  },
  Job: { base: '/apis/batch/v1', plural: 'jobs', namespaced: true },
  InferenceService: {
    base: '/apis/serving.kserve.io/v1beta1',
    plural: 'inferenceservices',
    namespaced: true,
  },
  ScaledObject: {
    base: '/apis/keda.sh/v1alpha1',
    plural: 'scaledobjects',
    namespaced: true,
  },
  PyTorchJob: {
    base: '/apis/kubeflow.org/v1',
    plural: 'pytorchjobs',
    namespaced: true,
  },
  Rollout: {
    base: '/apis/argoproj.io/v1alpha1',
    plural: 'rollouts',
    namespaced: true,
  },
  AnalysisTemplate: {
    base: '/apis/argoproj.io/v1alpha1',
    plural: 'analysistemplates',
    namespaced: true,
  },
  ServiceCIDR: {
    base: '/apis/networking.k8s.io/v1',
    plural: 'servicecidrs',
    namespaced: false,
  },
};

export type KnownKind = keyof typeof RESOURCES;

function resource(kind: string) {
  const r = RESOURCES[kind];
  if (!r) throw new Error(`no REST mapping for kind ${kind}`);
  return r;
}

/** Collection path across all namespaces (for list calls), or in one namespace. */
export function collectionPath(kind: string, namespace?: string): string {
  const r = resource(kind);
  return r.namespaced && namespace
    ? `${r.base}/namespaces/${encodeURIComponent(namespace)}/${r.plural}`
    : `${r.base}/${r.plural}`;
}

export function objectPath(
  kind: string,
  name: string,
  namespace?: string,
  subresource?: 'status' | 'scale' | 'binding',
): string {
  const r = resource(kind);
  if (r.namespaced && !namespace) {
    throw new Error(`${kind} ${name} needs a namespace`);
  }
  const path = `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}`;
  return subresource ? `${path}/${subresource}` : path;
}

export function withQuery(
  path: string,
  query: Record<string, string | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined) params.set(k, v);
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
