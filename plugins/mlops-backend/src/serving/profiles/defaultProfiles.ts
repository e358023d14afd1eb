import { MetricProfile } from './types';

/**
 * The profiles shipped with the portal. Sources: the model-service
 * template's server (templates/model-service/skeleton/app/metrics.py) and
 * the metrics documentation of KServe, Triton, vLLM, TorchServe and TGI.
 * Servers scraped per pod are matched by the pod names of the Deployment.
 */
export const DEFAULT_PROFILES: MetricProfile[] = [
  {
    id: 'template',
    title: 'Model-service template (FastAPI)',
    detect: 'model_server_requests_total',
    namespaceLabel: 'namespace',
    workloadLabel: 'service',
    workloadMatch: 'exact',
    requests: [{ metric: 'model_server_requests_total' }],
    errors: {
      failed: [
        {
          metric: 'model_server_requests_total',
          matchers: [{ label: 'code', op: '=~', value: '5..' }],
        },
      ],
    },
    latency: {
      type: 'histogram',
      metric: 'model_server_request_duration_seconds',
      unit: 'seconds',
    },
  },
  {
    id: 'kserve',
    title: 'KServe model server',
    detect: 'request_predict_seconds_count',
    namespaceLabel: 'namespace',
    workloadLabel: 'pod',
    workloadMatch: 'pods',
    // KServe's ModelServer times every step but counts no failures.
    requests: [{ metric: 'request_predict_seconds_count' }],
    latency: {
      type: 'histogram',
      metric: 'request_predict_seconds',
      unit: 'seconds',
    },
  },
  {
    id: 'triton',
    title: 'NVIDIA Triton Inference Server',
    detect: 'nv_inference_request_success',
    namespaceLabel: 'namespace',
    workloadLabel: 'pod',
    workloadMatch: 'pods',
    requests: [
      { metric: 'nv_inference_request_success' },
      { metric: 'nv_inference_request_failure' },
    ],
    errors: { failed: [{ metric: 'nv_inference_request_failure' }] },
    // Triton exports cumulative durations; quantiles need its opt-in summaries.
    latency: {
      type: 'mean',
      sum: { metric: 'nv_inference_request_duration_us' },
      count: { metric: 'nv_inference_request_success' },
      unit: 'microseconds',
    },
  },
  {
    id: 'vllm',
    title: 'vLLM (OpenAI-compatible server)',
    detect: 'vllm:e2e_request_latency_seconds_count',
    namespaceLabel: 'namespace',
    workloadLabel: 'pod',
    workloadMatch: 'pods',
    requests: [{ metric: 'vllm:e2e_request_latency_seconds_count' }],
    // vLLM's API server counts HTTP responses by status class.
    errors: {
      failed: [
        {
          metric: 'http_requests_total',
          matchers: [
            { label: 'handler', op: '=~', value: '/v1/.*' },
            { label: 'status', op: '=', value: '5xx' },
          ],
        },
      ],
      total: [
        {
          metric: 'http_requests_total',
          matchers: [{ label: 'handler', op: '=~', value: '/v1/.*' }],
        },
      ],
    },
    latency: {
      type: 'histogram',
      metric: 'vllm:e2e_request_latency_seconds',
      unit: 'seconds',
    },
  },
  {
    id: 'torchserve',
    title: 'TorchServe (metrics_mode=prometheus)',
    detect: 'ts_inference_requests_total',
    namespaceLabel: 'namespace',
    workloadLabel: 'pod',
    workloadMatch: 'pods',
    requests: [{ metric: 'ts_inference_requests_total' }],
    errors: {
      failed: [{ metric: 'Requests5XX' }],
      total: [
        { metric: 'Requests2XX' },
        { metric: 'Requests4XX' },
        { metric: 'Requests5XX' },
      ],
    },
    latency: {
      type: 'mean',
      sum: { metric: 'ts_inference_latency_microseconds' },
      count: { metric: 'ts_inference_requests_total' },
      unit: 'microseconds',
    },
  },
  {
    id: 'tgi',
    title: 'Hugging Face Text Generation Inference',
    detect: 'tgi_request_count',
    namespaceLabel: 'namespace',
    workloadLabel: 'pod',
    workloadMatch: 'pods',
    requests: [{ metric: 'tgi_request_count' }],
    errors: { failed: [{ metric: 'tgi_request_failure' }] },
    latency: {
      type: 'histogram',
      metric: 'tgi_request_duration',
      unit: 'seconds',
    },
  },
];
