import { DateTime } from 'luxon';
import {
  formatAgo,
  formatAvailability,
  formatMs,
  formatPercent,
  formatRate,
} from './format';

describe('format', () => {
  it.each([
    [null, '–'],
    [0, '0.00'],
    [3.14159, '3.14'],
    [52.49, '52.5'],
    [1234.5, '1235'],
  ])('rate %p → %s', (value, text) => {
    expect(formatRate(value)).toBe(text);
  });

  it.each([
    [null, '–'],
    [0, '0 %'],
    [0.0003, '0.030 %'],
    [0.0042, '0.42 %'],
    [0.074, '7.4 %'],
    [0.25, '25 %'],
    [-0.5, '-50 %'],
  ])('percent %p → %s', (value, text) => {
    expect(formatPercent(value)).toBe(text);
  });

  it.each([
    [null, '–'],
    [4.25, '4.3 ms'],
    [44.4, '44 ms'],
    [900, '900 ms'],
    [12_500, '12.5 s'],
  ])('milliseconds %p → %s', (value, text) => {
    expect(formatMs(value)).toBe(text);
  });

  it.each([
    [null, '–'],
    [0.9997, '99.970 %'],
    [0.99999, '99.999 %'],
    [0.999999, '99.999 %'],
    [1, '100.000 %'],
    [0.75, '75.000 %'],
  ])(
    'availability %p → %s (never rounded up to the objective)',
    (value, text) => {
      expect(formatAvailability(value)).toBe(text);
    },
  );

  it('says how long ago', () => {
    const now = DateTime.fromISO('2026-11-23T12:00:00Z');
    expect(formatAgo('2026-11-23T11:57:00Z', now)).toBe('3 minutes ago');
    expect(formatAgo(null, now)).toBe('–');
  });
});
