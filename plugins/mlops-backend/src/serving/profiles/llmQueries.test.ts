import { expectPromQL, InputSeries } from '../../__testUtils__/promtool';
import { DEFAULT_PROFILES } from './defaultProfiles';
import {
  gpuCostSignals,
  gpuModelRegex,
  leRegex,
  llmSignals,
  tokenObjectiveSignals,
} from './llmQueries';
import { podRegex, scopeMatchers } from './queries';

/*
 * The LLM figures of each shipped profile, evaluated by Prometheus' engine
 * (promtool) on series with the labels each server exports (vLLM, TGI and
 * Triton's metrics documentation) plus those a Kubernetes scrape adds.
 * Counters grow by a fixed amount a minute; at 10m every 5m rate is exact.
 */
const profile = (id: string) => DEFAULT_PROFILES.find(p => p.id === id)!;

function signalsOf(id: string, namespace: string, workload: string) {
  const p = profile(id);
  const m = scopeMatchers(p, {
    namespace,
    metricsWorkload: workload,
    deployment: workload,
  });
  return llmSignals(p.llm, m, '5m');
}

const labels = (l: Record<string, string>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`;

/** A histogram's cumulative buckets, each growing by `perMinute[i]`, and its count. */
function histogram(
  metric: string,
  base: Record<string, string>,
  bounds: string[],
  perMinute: number[],
): InputSeries[] {
  return [
    ...bounds.map((le, i) => ({
      series: `${metric}_bucket${labels({ ...base, le })}`,
      values: `0+${perMinute[i]}x10`,
    })),
    {
      series: `${metric}_count${labels(base)}`,
      values: `0+${perMinute[perMinute.length - 1]}x10`,
    },
  ];
}

describe('LLM figures of vLLM, both metric-name generations', () => {
  const model = 'meta-llama/Llama-3.1-8B-Instruct';
  const scrape = { job: 'kubernetes-pods', namespace: 'nlp-llm' };
  // v0.11 and later: V1 engine labels, renamed TPOT and KV-cache gauges;
  // this pod also exports the older names (a version in transition).
  const podNew = {
    ...scrape,
    instance: '10.0.3.17:8000',
    pod: 'support-llm-6d5f7b8c9-x2x4k',
    model_name: model,
    engine: '0',
  };
  const podOld = {
    ...scrape,
    instance: '10.0.3.18:8000',
    pod: 'support-llm-6d5f7b8c9-q7w2p',
    model_name: model,
  };
  // Another Deployment whose name starts alike: never counted.
  const other = {
    ...scrape,
    instance: '10.0.3.30:8000',
    pod: 'support-llm-eval-5c7b9d8f6-k2m4n',
    model_name: model,
  };
  const ttftBounds = ['0.04', '0.06', '0.1', '0.25', '+Inf'];
  const tpotBounds = ['0.01', '0.025', '0.05', '+Inf'];
  const series: InputSeries[] = [
    // 60 requests a minute each: the new pod's first tokens within
    // 40–60 ms, the old pod's within 100–250 ms.
    ...histogram(
      'vllm:time_to_first_token_seconds',
      podNew,
      ttftBounds,
      [0, 60, 60, 60, 60],
    ),
    ...histogram(
      'vllm:time_to_first_token_seconds',
      podOld,
      ttftBounds,
      [0, 0, 0, 60, 60],
    ),
    ...histogram(
      'vllm:time_to_first_token_seconds',
      other,
      ttftBounds,
      [0, 0, 0, 0, 6000],
    ),
    // 600 tokens a minute each: new pod 10–25 ms apart, old pod 25–50 ms.
    ...histogram(
      'vllm:inter_token_latency_seconds',
      podNew,
      tpotBounds,
      [0, 600, 600, 600],
    ),
    ...histogram(
      'vllm:time_per_output_token_seconds',
      podNew,
      tpotBounds,
      [0, 600, 600, 600],
    ),
    ...histogram(
      'vllm:time_per_output_token_seconds',
      podOld,
      tpotBounds,
      [0, 0, 600, 600],
    ),
    {
      series: `vllm:prompt_tokens_total${labels(podNew)}`,
      values: '0+1200x10',
    },
    { series: `vllm:prompt_tokens_total${labels(podOld)}`, values: '0+600x10' },
    {
      series: `vllm:prompt_tokens_total${labels(other)}`,
      values: '0+99999x10',
    },
    {
      series: `vllm:generation_tokens_total${labels(podNew)}`,
      values: '0+3000x10',
    },
    {
      series: `vllm:generation_tokens_total${labels(podOld)}`,
      values: '0+1800x10',
    },
    { series: `vllm:num_requests_running${labels(podNew)}`, values: '5x10' },
    { series: `vllm:num_requests_running${labels(podOld)}`, values: '7x10' },
    { series: `vllm:num_requests_running${labels(other)}`, values: '90x10' },
    { series: `vllm:num_requests_waiting${labels(podNew)}`, values: '0x10' },
    { series: `vllm:num_requests_waiting${labels(podOld)}`, values: '3x10' },
    { series: `vllm:kv_cache_usage_perc${labels(podNew)}`, values: '0.42x10' },
    { series: `vllm:gpu_cache_usage_perc${labels(podOld)}`, values: '0.93x10' },
    { series: `vllm:kv_cache_usage_perc${labels(other)}`, values: '1x10' },
    { series: `vllm:num_preemptions_total${labels(podNew)}`, values: '0+6x10' },
    { series: `vllm:num_preemptions_total${labels(podOld)}`, values: '0x10' },
  ];
  const s = signalsOf('vllm', 'nlp-llm', 'support-llm');

  it('reads every figure of both pods, each pod under its own names', () => {
    expectPromQL(series, [
      // Rates per second 0, 1, 1, 2, 2: p50 at the top of 40–60 ms,
      // p95 at 90 % of 100–250 ms.
      { expr: s.llm_ttft_p50!, samples: [{ value: 60 }] },
      { expr: s.llm_ttft_p95!, samples: [{ value: 235 }] },
      { expr: s.llm_input_tps!, samples: [{ value: 30 }] },
      { expr: s.llm_output_tps!, samples: [{ value: 80 }] },
      { expr: s.llm_running!, samples: [{ value: 12 }] },
      { expr: s.llm_waiting!, samples: [{ value: 3 }] },
      { expr: s.llm_kv_cache!, samples: [{ value: 0.93 }] },
      { expr: s.llm_preemptions!, samples: [{ value: 0.1 }] },
    ]);
  });

  it('measures the share over an objective at its bucket, in either le form', () => {
    const p = profile('vllm');
    const m = scopeMatchers(p, {
      namespace: 'nlp-llm',
      metricsWorkload: 'support-llm',
      deployment: 'support-llm',
    });
    const over = (ttftP95Ms?: number, tpotP95Ms?: number) =>
      tokenObjectiveSignals(p.llm, { ttftP95Ms, tpotP95Ms }, m, ['5m']);
    // First tokens: 1 of 2 a second over 60 ms, all within 250 ms.
    expectPromQL(series, [
      { expr: over(60)['llm_ttft_over:5m'], samples: [{ value: 0.5 }] },
      { expr: over(250)['llm_ttft_over:5m'], samples: [{ value: 0 }] },
      // Not a bound of vLLM's histogram: no figure rather than a wrong one.
      { expr: over(300)['llm_ttft_over:5m'], samples: [] },
      // Tokens, each pod once: 10 of 20 a second over 25 ms.
      {
        expr: over(undefined, 25)['llm_tpot_over:5m'],
        samples: [{ value: 0.5 }],
      },
    ]);
    expect(Object.keys(over())).toEqual([]);
  });

  it('counts a pod that exports both TPOT names once', () => {
    // Once: rates 0, 10, 20, 20 -> p50 25 ms, p95 47.5 ms. Twice, the new
    // pod would weigh double: p50 21.25 ms.
    expectPromQL(series, [
      { expr: s.llm_tpot_p50!, samples: [{ value: 25 }] },
      { expr: s.llm_tpot_p95!, samples: [{ value: 47.5 }] },
    ]);
  });
});

describe('LLM figures of TGI', () => {
  // TGI's own series carry no labels; the scrape adds these.
  const pod = {
    job: 'kubernetes-pods',
    namespace: 'nlp-llm',
    instance: '10.0.4.2:80',
    pod: 'summariser-tgi-7f9c6d5b4-h8k2p',
  };
  const series: InputSeries[] = [
    ...histogram(
      'tgi_request_queue_duration',
      pod,
      ['0.005', '0.05', '0.5', '+Inf'],
      [0, 120, 120, 120],
    ),
    ...histogram(
      'tgi_request_mean_time_per_token_duration',
      pod,
      ['0.01', '0.02', '0.05', '+Inf'],
      [0, 120, 120, 120],
    ),
    {
      series: `tgi_request_input_length_sum${labels(pod)}`,
      values: '0+6000x10',
    },
    {
      series: `tgi_request_generated_tokens_sum${labels(pod)}`,
      values: '0+12000x10',
    },
    { series: `tgi_batch_current_size${labels(pod)}`, values: '8x10' },
    { series: `tgi_queue_size${labels(pod)}`, values: '2x10' },
  ];
  const s = signalsOf('tgi', 'nlp-llm', 'summariser-tgi');

  it('takes the queue time for the first token, and token sums for tokens', () => {
    expectPromQL(series, [
      { expr: s.llm_ttft_p50!, samples: [{ value: 27.5 }] },
      { expr: s.llm_tpot_p95!, samples: [{ value: 19.5 }] },
      { expr: s.llm_input_tps!, samples: [{ value: 100 }] },
      { expr: s.llm_output_tps!, samples: [{ value: 200 }] },
      { expr: s.llm_running!, samples: [{ value: 8 }] },
      { expr: s.llm_waiting!, samples: [{ value: 2 }] },
    ]);
    expect(s.llm_kv_cache).toBeUndefined();
    expect(profile('tgi').llm?.notes?.[0]).toMatch(/queue/);
  });
});

describe('LLM figures of Triton with TensorRT-LLM', () => {
  const scrape = { job: 'kubernetes-pods', namespace: 'nlp-llm' };
  const pods = ['chat-trtllm-5b8c7d9f4-a1b2c', 'chat-trtllm-5b8c7d9f4-d3e4f'];
  const trt = { model: 'tensorrt_llm', version: '1' };
  const series: InputSeries[] = pods.flatMap((pod, i) => {
    const base = { ...scrape, instance: `10.0.5.${i + 1}:8002`, pod };
    const block = (type: string, value: number): InputSeries => ({
      series: `nv_trt_llm_kv_cache_block_metrics${labels({
        ...base,
        ...trt,
        kv_cache_block_type: type,
      })}`,
      values: `${value}x10`,
    });
    const request = (type: string, value: number): InputSeries => ({
      series: `nv_trt_llm_request_metrics${labels({
        ...base,
        ...trt,
        request_type: type,
      })}`,
      values: `${value}x10`,
    });
    return [
      block('used', 1560 * (i + 1)),
      block('free', 6240 - 1560 * (i + 1)),
      block('max', 6240),
      block('tokens_per', 64),
      request('active', 4),
      request('scheduled', 4),
      request('max', 512),
      ...histogram(
        'nv_inference_first_response_histogram_ms',
        { ...base, model: 'ensemble', version: '1' },
        ['100', '500', '2000', '+Inf'],
        [0, 60, 60, 60],
      ),
    ];
  });
  const s = signalsOf('triton', 'nlp-llm', 'chat-trtllm');

  it('reads active requests, the fullest KV cache and the first response', () => {
    expectPromQL(series, [
      { expr: s.llm_running!, samples: [{ value: 8 }] },
      { expr: s.llm_kv_cache!, samples: [{ value: 0.5 }] },
      { expr: s.llm_ttft_p50!, samples: [{ value: 300 }] },
    ]);
    expect(s.llm_output_tps).toBeUndefined();
  });
});

describe('leRegex', () => {
  it.each([
    [0.5, ['0.5', '0.50'], ['5', '0.05']],
    [1, ['1', '1.0', '1.00'], ['10', '0.1']],
    [0.025, ['0.025'], ['0.0025']],
  ])('matches %p as clients write it', (bound, yes, no) => {
    const re = new RegExp(`^(?:${leRegex(bound)})$`);
    for (const v of yes) expect(v).toMatch(re);
    for (const v of no) expect(v).not.toMatch(re);
  });
});

describe('GPU cost of an LLM service', () => {
  // dcgm-exporter's labels (modelName with spaces), as a ServiceMonitor
  // scrape with pod attribution leaves them.
  const gpu = (pod: string, index: number, modelName: string): InputSeries => ({
    series: `DCGM_FI_DEV_GPU_UTIL${labels({
      gpu: String(index),
      UUID: `GPU-${pod}-${index}`,
      device: `nvidia${index}`,
      modelName,
      Hostname: 'gpu-node-1',
      DCGM_FI_DRIVER_VERSION: '550.54.15',
      namespace: 'nlp-llm',
      pod,
      container: 'vllm',
    })}`,
    values: '80x10',
  });
  const series = [
    gpu('support-llm-6d5f7b8c9-x2x4k', 0, 'NVIDIA A100-SXM4-80GB'),
    gpu('support-llm-6d5f7b8c9-x2x4k', 1, 'NVIDIA A100-SXM4-80GB'),
    gpu('support-llm-6d5f7b8c9-q7w2p', 0, 'NVIDIA H100 80GB HBM3'),
    gpu('support-llm-6d5f7b8c9-q7w2p', 1, 'Tesla T4'),
    gpu('chat-trtllm-5b8c7d9f4-a1b2c', 0, 'NVIDIA A100-SXM4-80GB'),
  ];
  const pods = [
    { label: 'namespace', op: '=' as const, value: 'nlp-llm' },
    { label: 'pod', op: '=~' as const, value: podRegex('support-llm') },
  ];

  it('prices each GPU of the pods by its model, in either spelling of the table', () => {
    const s = gpuCostSignals(
      {
        currency: 'USD',
        perGpuHour: {
          'NVIDIA-A100-SXM4-80GB': 4.1,
          'NVIDIA-H100-80GB-HBM3': 6.9,
        },
      },
      pods,
    );
    expectPromQL(series, [
      { expr: s.llm_gpus, samples: [{ value: 4 }] },
      { expr: s.llm_gpus_priced, samples: [{ value: 3 }] },
      { expr: s.llm_gpu_cost_per_hour, samples: [{ value: 15.1 }] },
    ]);
  });

  it('counts GPUs without a price table', () => {
    expect(gpuCostSignals({ currency: 'USD', perGpuHour: {} }, pods)).toEqual({
      llm_gpus: expect.stringMatching(/^count\(DCGM_FI_DEV_GPU_UTIL/),
    });
    expect(
      new RegExp(`^${gpuModelRegex('NVIDIA-L4')}$`).test('NVIDIA L4'),
    ).toBe(true);
  });
});

describe('profiles without LLM figures', () => {
  it('ask nothing more', () => {
    expect(signalsOf('template', 'fraud-ml', 'fraud-scorer')).toEqual({});
  });
});
