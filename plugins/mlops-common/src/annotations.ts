/**
 * Annotations read by the MLOps plugins. Backstage's own Kubernetes
 * annotations come first; the `mlops-portal.io/` ones only cover what no
 * standard annotation expresses.
 */

/** Names the workloads: their `backstage.io/kubernetes-id` label and, by default, the metrics' workload label. @public */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
/** Namespace of the workloads and of their metrics. @public */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';
/** Kubernetes label selector used instead of `backstage.io/kubernetes-id=<id>`. @public */
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
/** The Prometheus instance (by its configured name) holding the metrics, as the Prometheus plugins use it. @public */
export const ANNOTATION_PROMETHEUS_INSTANCE = 'prometheus.io/service-name';
/** A Grafana dashboard URL, as the Grafana plugin uses it. @public */
export const ANNOTATION_GRAFANA_DASHBOARD = 'grafana/overview-dashboard';

/** The model-server metric profile (`template`, `kserve`, `triton`, ...); detected from the series when absent. @public */
export const ANNOTATION_METRICS_PROFILE = 'mlops-portal.io/metrics-profile';
/** The value of the profile's workload label when it is not the kubernetes-id. @public */
export const ANNOTATION_METRICS_WORKLOAD = 'mlops-portal.io/metrics-workload';
/** How new versions roll out (`rolling`, `canary`, `blue-green`), as the model-service chart's rollout.strategy. @public */
export const ANNOTATION_ROLLOUT_STRATEGY = 'mlops-portal.io/rollout-strategy';
/** Availability objective in percent, e.g. `99.9`. @public */
export const ANNOTATION_SLO_AVAILABILITY = 'mlops-portal.io/slo-availability';
/** Latency objective: p95 in milliseconds, e.g. `300`. @public */
export const ANNOTATION_SLO_LATENCY_P95_MS =
  'mlops-portal.io/slo-latency-p95-ms';

/** LLM objective: 95 % of requests get their first token within this many milliseconds, e.g. `500` (a bucket bound of the server's histogram). @public */
export const ANNOTATION_SLO_TTFT_P95_MS = 'mlops-portal.io/slo-ttft-p95-ms';
/** LLM objective: 95 % of output tokens follow the previous one within this many milliseconds, e.g. `50`. @public */
export const ANNOTATION_SLO_TPOT_P95_MS = 'mlops-portal.io/slo-tpot-p95-ms';

/** The ML framework a model service runs (`pytorch`, `scikit-learn`, ...); else one of its tags names it. @public */
export const ANNOTATION_FRAMEWORK = 'mlops-portal.io/framework';

/** The KServe InferenceService behind the entity (KServe's own pod label key); also found from its pods' label. @public */
export const ANNOTATION_KSERVE_INFERENCE_SERVICE =
  'serving.kserve.io/inferenceservice';
