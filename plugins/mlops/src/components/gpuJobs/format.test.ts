import { formatDuration, formatGpuHours } from './format';

describe('formatDuration', () => {
  it.each([
    [null, '–'],
    [42, '42 s'],
    [90, '1 min 30 s'],
    [5400, '1 h 30 min'],
    [3 * 86400 + 3600, '3 d 1 h'],
  ])('%s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatGpuHours', () => {
  it.each([
    [0, '0'],
    [1.234, '1.23'],
    [123.45, '123.5'],
  ])('%s', (hours, text) => {
    expect(formatGpuHours(hours)).toBe(text);
  });
});
