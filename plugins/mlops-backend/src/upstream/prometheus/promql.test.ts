import {
  anyOfRegex,
  batchSignals,
  escapeRegex,
  quoteLabelValue,
  rangeOf,
  selector,
} from './promql';

describe('quoteLabelValue', () => {
  it.each([
    ['fraud-scorer', '"fraud-scorer"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['x"} or vector(1) or {a="', '"x\\"} or vector(1) or {a=\\""'],
    ['line\nbreak', '"line\\nbreak"'],
    ['tab\there', '"tab\\there"'],
    ['bell\u0007', '"bell\\x07"'],
    ['ünïcode ✓', '"ünïcode ✓"'],
    ['', '""'],
  ])('quotes %j as %s', (value, quoted) => {
    expect(quoteLabelValue(value)).toBe(quoted);
  });
});

describe('escapeRegex', () => {
  it.each([
    ['fraud-scorer', 'fraud-scorer'],
    ['a.b', 'a\\.b'],
    ['x|.*', 'x\\|\\.\\*'],
    ['(a)[b]{c}^$+?\\', '\\(a\\)\\[b\\]\\{c\\}\\^\\$\\+\\?\\\\'],
  ])('escapes %j as %s', (text, escaped) => {
    expect(escapeRegex(text)).toBe(escaped);
  });

  it('joins alternatives, each escaped', () => {
    expect(anyOfRegex(['sandbox-east', 'a.b'])).toBe('sandbox-east|a\\.b');
  });
});

describe('selector', () => {
  it('quotes every value', () => {
    expect(
      selector('model_server_requests_total', [
        { label: 'namespace', op: '=', value: 'fraud-ml' },
        { label: 'service', op: '=', value: 'x"}or vector(1)#' },
        { label: 'code', op: '=~', value: '5..' },
      ]),
    ).toBe(
      'model_server_requests_total{namespace="fraud-ml", service="x\\"}or vector(1)#", code=~"5.."}',
    );
  });

  it('accepts metric names with colons (vLLM)', () => {
    expect(selector('vllm:e2e_request_latency_seconds_count', [])).toBe(
      'vllm:e2e_request_latency_seconds_count{}',
    );
  });

  it.each([['up{a="b"}'], ['rate(x[5m])'], ['1abc'], ['']])(
    'refuses the metric name %j',
    name => {
      expect(() => selector(name, [])).toThrow(/not a valid Prometheus metric/);
    },
  );

  it.each([['a-b'], ['__name__'], ['a b'], ['a"']])(
    'refuses the label name %j',
    label => {
      expect(() => selector('up', [{ label, op: '=', value: 'x' }])).toThrow(
        /not a valid Prometheus label/,
      );
    },
  );
});

describe('rangeOf', () => {
  it.each(['5m', '1h', '30d', '500ms'])('accepts %s', d => {
    expect(rangeOf(d)).toBe(`[${d}]`);
  });
  it.each(['5m] or vector(1) #', '1.5h', '', 'm'])('refuses %j', d => {
    expect(() => rangeOf(d)).toThrow(/not a Prometheus duration/);
  });
});

describe('batchSignals', () => {
  it('tags every expression and joins them with or', () => {
    expect(batchSignals({ a: 'sum(x)', 'b:1h': 'sum(y)' })).toBe(
      'label_replace(sum(x), "mlops_signal", "a", "", "")\n  or label_replace(sum(y), "mlops_signal", "b:1h", "", "")',
    );
  });
});
