import { parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['250m', 0.25],
    ['2', 2],
    ['1.5', 1.5],
    ['512Mi', 512 * 2 ** 20],
    ['64Gi', 64 * 2 ** 30],
    ['1Ti', 2 ** 40],
    ['1k', 1000],
    ['1e3', 1000],
    ['1E', 1e18],
    ['35500m', 35.5],
  ])('%s -> %p', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 6);
  });

  it.each([[undefined], [''], ['abc'], ['1Qi'], ['--1']])('%p is NaN', text => {
    expect(parseQuantity(text)).toBeNaN();
  });
});
