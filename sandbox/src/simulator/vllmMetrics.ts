import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  CounterRow,
  HistogramRow,
  LedgerCounter,
  LedgerGauge,
  LedgerHistogram,
  pythonLe,
  SeriesLabels,
  seriesLabels,
} from './ledgerFamilies';
import {
  LlmLedger,
  newLlmLedger,
  VLLM_E2E_BUCKETS,
  VLLM_TPOT_BUCKETS,
  VLLM_TTFT_BUCKETS,
  VllmNames,
  vllmNamesOf,
} from './llmTraffic';

/** What a vLLM pod's series carry: its scrape labels and vLLM's own. */
export interface VllmPodSeries {
  names: VllmNames;
  series: SeriesLabels;
  /** http_requests_total of the OpenAI API, by status class. */
  http: { ok: SeriesLabels; failed: SeriesLabels };
  state: LlmLedger;
}

/**
 * The labels of one vLLM pod: the scrape's (cluster, namespace, service,
 * pod), vLLM's `model_name` (the served model name, here the service) and,
 * from v0.11's V1 engine, `engine`.
 */
export function vllmPodSeries(
  scrape: Record<string, string>,
  service: string,
): VllmPodSeries {
  const names = vllmNamesOf(service);
  const own = {
    ...scrape,
    model_name: service,
    ...(names === 'v0.11' ? { engine: '0' } : {}),
  };
  const http = { ...scrape, handler: '/v1/chat/completions', method: 'POST' };
  return {
    names,
    series: seriesLabels(own),
    http: {
      ok: seriesLabels({ ...http, status: '2xx' }),
      failed: seriesLabels({ ...http, status: '5xx' }),
    },
    state: newLlmLedger(),
  };
}

export interface VllmSource {
  llm: VllmPodSeries;
  /** Requests answered, by status code. */
  codes: Record<string, number>;
}

const LABELS = [
  'cluster',
  'namespace',
  'service',
  'pod',
  'model_name',
  'engine',
];

/** vLLM's series of every vLLM pod, under the names of its generation. */
export function registerVllmMetrics(
  registry: Registry,
  pods: () => Iterable<VllmSource>,
): Array<Counter | Gauge | Histogram> {
  function* counter(value: (s: LlmLedger) => number, names?: VllmNames) {
    for (const { llm } of pods()) {
      if (!names || llm.names === names)
        yield { series: llm.series, value: value(llm.state) } as CounterRow;
    }
  }
  const histogram = (
    name: string,
    help: string,
    bounds: number[],
    row: (s: LlmLedger) => { buckets: number[]; sum: number },
    names?: VllmNames,
  ) =>
    new LedgerHistogram(
      registry,
      { name, help, labelNames: LABELS, bounds, leText: pythonLe },
      function* rows() {
        for (const { llm } of pods()) {
          if (!names || llm.names === names)
            yield { series: llm.series, ...row(llm.state) } as HistogramRow;
        }
      },
    );
  const spec = (name: string, help: string) => ({
    name,
    help,
    labelNames: LABELS,
  });
  return [
    new LedgerCounter(
      registry,
      {
        name: 'http_requests_total',
        help: 'Total number of requests by method, status and handler.',
        labelNames: [
          'cluster',
          'namespace',
          'service',
          'pod',
          'handler',
          'method',
          'status',
        ],
      },
      function* http() {
        for (const { llm, codes } of pods()) {
          yield { series: llm.http.ok, value: codes['200'] ?? 0 };
          yield {
            series: llm.http.failed,
            value: (codes['500'] ?? 0) + (codes['503'] ?? 0),
          };
        }
      },
    ),
    histogram(
      'vllm:e2e_request_latency_seconds',
      'Histogram of e2e request latency in seconds.',
      VLLM_E2E_BUCKETS,
      s => ({ buckets: s.e2e, sum: s.e2eSum }),
    ),
    histogram(
      'vllm:time_to_first_token_seconds',
      'Histogram of time to first token in seconds.',
      VLLM_TTFT_BUCKETS,
      s => ({ buckets: s.ttft, sum: s.ttftSum }),
    ),
    histogram(
      'vllm:inter_token_latency_seconds',
      'Histogram of inter-token latency in seconds.',
      VLLM_TPOT_BUCKETS,
      s => ({ buckets: s.tpot, sum: s.tpotSum }),
      'v0.11',
    ),
    histogram(
      'vllm:time_per_output_token_seconds',
      'Histogram of time per output token in seconds.',
      VLLM_TPOT_BUCKETS,
      s => ({ buckets: s.tpot, sum: s.tpotSum }),
      'v0.10',
    ),
    new LedgerCounter(
      registry,
      spec('vllm:prompt_tokens_total', 'Number of prefill tokens processed.'),
      () => counter(s => s.promptTokens),
    ),
    new LedgerCounter(
      registry,
      spec(
        'vllm:generation_tokens_total',
        'Number of generation tokens processed.',
      ),
      () => counter(s => s.generationTokens),
    ),
    new LedgerCounter(
      registry,
      spec(
        'vllm:num_preemptions_total',
        'Cumulative number of preemption from the engine.',
      ),
      () => counter(s => s.preemptions),
    ),
    new LedgerGauge(
      registry,
      spec(
        'vllm:num_requests_running',
        'Number of requests in model execution batches.',
      ),
      () => counter(s => s.running),
    ),
    new LedgerGauge(
      registry,
      spec(
        'vllm:num_requests_waiting',
        'Number of requests waiting to be processed.',
      ),
      () => counter(s => Math.round(s.waiting)),
    ),
    new LedgerGauge(
      registry,
      spec(
        'vllm:kv_cache_usage_perc',
        'KV-cache usage. 1 means 100 percent usage.',
      ),
      () => counter(s => s.kvCache, 'v0.11'),
    ),
    new LedgerGauge(
      registry,
      spec(
        'vllm:gpu_cache_usage_perc',
        'GPU KV-cache usage. 1 means 100 percent usage.',
      ),
      () => counter(s => s.kvCache, 'v0.10'),
    ),
  ];
}
