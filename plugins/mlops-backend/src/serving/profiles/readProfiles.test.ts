import { readProfiles } from './readProfiles';

describe('readProfiles', () => {
  it('ships the six server profiles, template first', () => {
    expect(readProfiles(undefined).map(p => p.id)).toEqual([
      'template',
      'kserve',
      'triton',
      'vllm',
      'torchserve',
      'tgi',
    ]);
  });

  it('reads the LLM figures of a configured profile', () => {
    const llm = {
      ttft: {
        metrics: ['sglang:time_to_first_token_seconds'],
        unit: 'seconds',
      },
      waiting: { series: [{ metric: 'sglang:num_queue_reqs' }] },
      notes: ['SGLang'],
    };
    const [profile] = readProfiles([
      {
        id: 'sglang',
        title: 'SGLang',
        detect: 'sglang:prompt_tokens_total',
        requests: [{ metric: 'sglang:num_requests_total' }],
        llm,
      },
    ]).slice(-1);
    expect(profile.llm).toEqual(llm);
  });

  it('replaces a shipped profile and adds new ones from config', () => {
    const profiles = readProfiles([
      {
        id: 'triton',
        title: 'Triton with summaries',
        detect: 'nv_inference_request_success',
        workloadLabel: 'pod',
        workloadMatch: 'pods',
        requests: [{ metric: 'nv_inference_request_success' }],
        latency: {
          type: 'summary',
          metric: 'nv_inference_request_summary_us',
          unit: 'microseconds',
        },
      },
      {
        id: 'in-house',
        title: 'In-house server',
        detect: 'inhouse_requests_total',
        requests: [{ metric: 'inhouse_requests_total' }],
      },
    ]);
    expect(profiles.find(p => p.id === 'triton')?.title).toBe(
      'Triton with summaries',
    );
    expect(profiles.at(-1)).toMatchObject({
      id: 'in-house',
      namespaceLabel: 'namespace',
      workloadLabel: 'service',
      workloadMatch: 'exact',
    });
  });

  it.each([
    [
      {
        id: 'x',
        title: 'x',
        detect: 'up{a="b"}',
        requests: [{ metric: 'up' }],
      },
      /detect: not a valid Prometheus metric name/,
    ],
    [{ id: 'x', title: 'x', detect: 'up', requests: [] }, /requests/],
    [
      {
        id: 'x',
        title: 'x',
        detect: 'up',
        requests: [
          { metric: 'up', matchers: [{ label: 'a"b', op: '=', value: '1' }] },
        ],
      },
      /not a valid Prometheus label name/,
    ],
    [
      { id: 'X Y', title: 'x', detect: 'up', requests: [{ metric: 'up' }] },
      /id/,
    ],
    [
      {
        id: 'x',
        title: 'x',
        detect: 'up',
        requests: [{ metric: 'up' }],
        query: 'vector(1)',
      },
      /Unrecognized key|query/,
    ],
    [
      {
        id: 'x',
        title: 'x',
        detect: 'up',
        requests: [{ metric: 'up' }],
        llm: { ttft: { metrics: ['ttft seconds'], unit: 'seconds' } },
      },
      /llm\.ttft\.metrics\.0: not a valid Prometheus metric name/,
    ],
    [
      {
        id: 'x',
        title: 'x',
        detect: 'up',
        requests: [{ metric: 'up' }],
        llm: { kvCache: { series: [] } },
      },
      /llm\.kvCache\.series/,
    ],
  ])('refuses the invalid profile %#', (profile, message) => {
    expect(() => readProfiles([profile])).toThrow(message);
  });
});
