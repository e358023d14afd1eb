import {
  figureText,
  firstNumberOf,
  roundedText,
  unitOfMetric,
} from './figures';

describe('analysis figures in words', () => {
  it.each([
    ['error-ratio', 'percent'],
    ['ttft-slow-share', 'percent'],
    ['tpot-slow-share', 'percent'],
    ['latency-p95', 'ms'],
    ['success-rate', 'number'],
    ['queue-depth', 'number'],
  ])('%s reads as %s', (name, unit) => {
    expect(unitOfMetric(name)).toBe(unit);
  });

  it.each([
    [0.061, 'percent', '6.1 %'],
    [0.001, 'percent', '0.1 %'],
    [0.0004, 'percent', '0.04 %'],
    [0.412, 'ms', '412 ms'],
    [0.3, 'ms', '300 ms'],
    [12.3456, 'number', '12.3'],
    [123456, 'number', '123456'],
  ] as const)('%p as %s is %p', (value, unit, text) => {
    expect(figureText(value, unit)).toBe(text);
  });

  it('rounds to three significant digits without trailing zeros', () => {
    expect(roundedText(6.1000000000000005)).toBe('6.1');
    expect(roundedText(0.30000000000000004)).toBe('0.3');
  });

  it.each([
    ['[0.061]', 0.061],
    ['[0.0004, 0.5]', 0.0004],
    ['1.5e-3', 0.0015],
    ['[-2]', -2],
    ['[]', null],
    ['[NaN]', null],
    [undefined, null],
  ])('the first number of %p is %p', (value, number) => {
    expect(firstNumberOf(value)).toBe(number);
  });
});
