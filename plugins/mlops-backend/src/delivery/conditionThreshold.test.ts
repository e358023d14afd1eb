import { comparisonOf, evaluateArithmetic } from './conditionThreshold';

describe('evaluateArithmetic', () => {
  it.each([
    ['(1 - 99.9 / 100)', 0.001],
    ['(300 / 1000)', 0.3],
    ['0.05', 0.05],
    ['-2 * (3 + 4)', -14],
    ['1e-3 + .5', 0.501],
    ['  2 /4 ', 0.5],
  ])('%s is %p', (text, value) => {
    expect(evaluateArithmetic(text)).toBeCloseTo(value, 10);
  });

  it.each([
    ['result[0]'],
    ['1 / 0'],
    ['(1 + 2'],
    ['1 + 2)'],
    ['2 ** 3'],
    ['Math.max(1, 2)'],
    ['process.exit(1)'],
    [''],
    [`${'('.repeat(60)}1${')'.repeat(60)}`],
  ])('gives null for %p instead of evaluating it', text => {
    expect(evaluateArithmetic(text)).toBeNull();
  });
});

describe('comparisonOf', () => {
  it.each([
    [
      'len(result) > 0 && result[0] > (1 - 99.9 / 100)',
      { op: '>', threshold: 0.001 },
    ],
    [
      'len(result) > 0 && result[0] <= (300 / 1000)',
      { op: '<=', threshold: 0.3 },
    ],
    ['result[0] >= 0.95', { op: '>=', threshold: 0.95 }],
    ['0.95 < result[0]', { op: '>', threshold: 0.95 }],
    ['(result[0] < 5)', { op: '<', threshold: 5 }],
    ['len(result) > 0 and result[0] != 0', { op: '!=', threshold: 0 }],
  ])('reads %p', (condition, expected) => {
    const found = comparisonOf(condition);
    expect(found?.op).toBe(expected.op);
    expect(found?.threshold).toBeCloseTo(expected.threshold, 10);
  });

  it.each([
    [undefined],
    [''],
    ['result == "true"'],
    ['asInt(result) > 3'],
    ['result[0] > 1 || result[0] < 0'],
    ['result[0] > threshold'],
    ['isNaN(result[0])'],
  ])('finds no single threshold in %p', condition => {
    expect(comparisonOf(condition)).toBeNull();
  });
});
