import { llmFiguresOf, llmPointOf, llmSeriesFound } from './llmFigures';
import { DEFAULT_PROFILES } from './profiles/defaultProfiles';

const vllm = DEFAULT_PROFILES.find(p => p.id === 'vllm')!.llm;
const tgi = DEFAULT_PROFILES.find(p => p.id === 'tgi')!.llm;

describe('llmFiguresOf', () => {
  it('maps the batched signals; what the server lacks is null', () => {
    const values = new Map([
      ['llm_ttft_p95', 235],
      ['llm_output_tps', 80],
      ['rps', 2],
    ]);
    expect(llmFiguresOf(values, tgi)).toEqual({
      ttftP50Ms: null,
      ttftP95Ms: 235,
      tpotP50Ms: null,
      tpotP95Ms: null,
      inputTokensPerSecond: null,
      outputTokensPerSecond: 80,
      requestsRunning: null,
      requestsWaiting: null,
      kvCacheUsage: null,
      preemptionsPerSecond: null,
      cost: null,
      notes: tgi!.notes,
    });
  });

  it('costs the GPUs an hour and per million output tokens', () => {
    const values = new Map([
      ['llm_output_tps', 5400],
      ['llm_gpus', 3],
      ['llm_gpus_priced', 2],
      ['llm_gpu_cost_per_hour', 8.2],
    ]);
    expect(llmFiguresOf(values, vllm, 'EUR')!.cost).toEqual({
      currency: 'EUR',
      gpus: 3,
      unpricedGpus: 1,
      perHour: 8.2,
      outputTokensPerHour: 19_440_000,
      perMillionOutputTokens: 8.2 / 19.44,
    });
    const unpriced = new Map([
      ['llm_output_tps', 5400],
      ['llm_gpus', 1],
    ]);
    expect(llmFiguresOf(unpriced, vllm)!.cost).toMatchObject({
      unpricedGpus: 1,
      perHour: null,
      perMillionOutputTokens: null,
    });
  });

  it('is null for servers without LLM figures, a failed query or no value at all', () => {
    const values = new Map([['rps', 2]]);
    expect(llmFiguresOf(values, undefined)).toBeNull();
    expect(llmFiguresOf(undefined, vllm)).toBeNull();
    expect(llmFiguresOf(values, vllm)).toBeNull();
  });
});

describe('chart points', () => {
  it('carry the LLM figures of their row', () => {
    expect(llmPointOf({ llm_ttft_p95: 200, llm_kv_cache: 0.5 })).toEqual({
      ttftP95Ms: 200,
      tpotP95Ms: null,
      inputTokensPerSecond: null,
      outputTokensPerSecond: null,
      requestsRunning: null,
      requestsWaiting: null,
      kvCacheUsage: 0.5,
    });
  });

  it('are LLM points when an LLM series has values', () => {
    expect(llmSeriesFound(new Map([['rps', [[1, 2]]]]))).toBe(false);
    expect(
      llmSeriesFound(
        new Map<string, Array<[number, number | null]>>([
          ['llm_waiting', [[1, 0]]],
        ]),
      ),
    ).toBe(true);
    expect(llmSeriesFound(undefined)).toBe(false);
  });
});
