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
    // TensorRT-LLM models: the first response of a decoupled (streaming)
    // model, and the backend's request and KV-cache block gauges.
    llm: {
      ttft: {
        metrics: ['nv_inference_first_response_histogram_ms'],
        unit: 'milliseconds',
      },
      running: {
        series: [
          {
            metric: 'nv_trt_llm_request_metrics',
            matchers: [{ label: 'request_type', op: '=', value: 'active' }],
          },
        ],
      },
      kvCache: {
        series: [
          {
            metric: 'nv_trt_llm_kv_cache_block_metrics',
            matchers: [
              { label: 'kv_cache_block_type', op: '=', value: 'used' },
            ],
          },
        ],
        over: {
          metric: 'nv_trt_llm_kv_cache_block_metrics',
          matchers: [{ label: 'kv_cache_block_type', op: '=', value: 'max' }],
        },
      },
      notes: [
        'Triton exports time to first response only with --metrics-config histogram_latencies=true; the TensorRT-LLM backend counts no tokens.',
      ],
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
    // Both name generations: v0.11 renamed time_per_output_token_seconds
    // to inter_token_latency_seconds and gpu_cache_usage_perc to
    // kv_cache_usage_perc (both 0..1).
    llm: {
      ttft: { metrics: ['vllm:time_to_first_token_seconds'], unit: 'seconds' },
      tpot: {
        metrics: [
          'vllm:inter_token_latency_seconds',
          'vllm:time_per_output_token_seconds',
        ],
        unit: 'seconds',
      },
      inputTokens: [{ metric: 'vllm:prompt_tokens_total' }],
      outputTokens: [{ metric: 'vllm:generation_tokens_total' }],
      running: { series: [{ metric: 'vllm:num_requests_running' }] },
      waiting: { series: [{ metric: 'vllm:num_requests_waiting' }] },
      kvCache: {
        series: [
          { metric: 'vllm:kv_cache_usage_perc' },
          { metric: 'vllm:gpu_cache_usage_perc' },
        ],
      },
      preemptions: [{ metric: 'vllm:num_preemptions_total' }],
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
    llm: {
      ttft: { metrics: ['tgi_request_queue_duration'], unit: 'seconds' },
      tpot: {
        metrics: ['tgi_request_mean_time_per_token_duration'],
        unit: 'seconds',
      },
      // Token counts are histograms per request; their sums count tokens.
      inputTokens: [{ metric: 'tgi_request_input_length_sum' }],
      outputTokens: [{ metric: 'tgi_request_generated_tokens_sum' }],
      running: { series: [{ metric: 'tgi_batch_current_size' }] },
      waiting: { series: [{ metric: 'tgi_queue_size' }] },
      notes: [
        'TGI exports no time to first token: shown is the time requests wait in its queue (tgi_request_queue_duration), which the first token comes after.',
      ],
    },
  },
];
