import { parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['250m', 0.25],
    ['35500m', 35.5],
    ['1', 1],
    ['2', 2],
    ['1.5', 1.5],
    ['+3', 3],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['128Mi', 128 * 2 ** 20],
    ['512Mi', 512 * 2 ** 20],
    ['64Gi', 64 * 2 ** 30],
    ['1Ti', 2 ** 40],
    ['2k', 2000],
    ['1k', 1000],
    ['3M', 3e6],
    ['250u', 250e-6],
    ['100n', 100e-9],
    ['1e3', 1000],
    ['1.5E2', 150],
    ['1e-3', 0.001],
    ['1E', 1e18],
    ['.5', 0.5],
    ['5.', 5],
    ['-2', -2],
    ['8Ei', 8 * 2 ** 60],
    ['99999999999999999999', 1e20],
    [42, 42],
  ])('%s is %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value as number, 12);
  });

  it.each([
    '',
    'abc',
    '1.5GB',
    '1x',
    '1e',
    'm',
    '1 Gi',
    '1Qi',
    '--1',
    '.',
    '1e3Ki',
    '1e1.5',
    null,
    undefined,
    NaN,
    Infinity,
  ])('%p is not a quantity', text => {
    expect(parseQuantity(text as string)).toBeNull();
  });
});
