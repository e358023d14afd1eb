import { formatQuantity, quantityView } from './quantity';

describe('formatQuantity', () => {
  it.each([
    [0.5, 'cores', '500 millicores'],
    [2, 'cores', '2 cores'],
    [1.5 * 2 ** 30, 'bytes', '1.5 GiB'],
    [512, 'bytes', '512 B'],
    [80, 'percent', '80 %'],
    [1234, 'count', '1.23k'],
    [12, 'count', '12'],
    [0.25, 'count', '0.25'],
    [8 * 2 ** 60, 'bytes', '8 EiB'],
    [1e21, 'count', '1000E'],
    [0.0005, 'count', '5.0e-4'],
  ] as const)('%d %s reads %s', (value, unit, text) => {
    expect(formatQuantity(value, unit)).toBe(text);
  });
});

describe('quantityView', () => {
  it('keeps what it cannot read and says unknown', () => {
    expect(quantityView('lots', 'count')).toEqual({
      raw: 'lots',
      value: null,
      display: 'unknown (lots)',
    });
    expect(quantityView(undefined, 'count')).toBeNull();
    expect(quantityView('1.5Gi', 'bytes')).toEqual({
      raw: '1.5Gi',
      value: 1.5 * 2 ** 30,
      display: '1.5 GiB',
    });
  });
});
