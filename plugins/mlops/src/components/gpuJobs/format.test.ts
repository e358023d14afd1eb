import {
  formatDuration,
  formatGpuHours,
  formatGpuRequest,
  formatGpus,
  formatMigRequest,
  formatReplicas,
} from './format';

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

describe('formatGpus', () => {
  it.each([
    [0, '0'],
    [4, '4'],
    [3 / 7, '0.43'],
    [13 / 7, '1.86'],
    [0.5, '0.5'],
    [2 + 1e-12, '2'],
  ])('%s', (gpus, text) => {
    expect(formatGpus(gpus)).toBe(text);
  });
});

describe('formatGpuRequest', () => {
  it.each([
    [{ gpus: 4, gpuEquivalents: 4, migProfile: null }, '4 GPUs', null],
    [{ gpus: 1, gpuEquivalents: 1, migProfile: null }, '1 GPU', null],
    [
      { gpus: 1, gpuEquivalents: 3 / 7, migProfile: '3g.40gb' },
      '1 × MIG 3g.40gb (0.43 GPU)',
      '1 × MIG 3g.40gb (0.43 GPU)',
    ],
    [
      { gpus: 4, gpuEquivalents: 4 / 7, migProfile: '1g.10gb' },
      '4 × MIG 1g.10gb (0.57 GPU)',
      '4 × MIG 1g.10gb (0.57 GPU)',
    ],
    [
      { gpus: 2, gpuEquivalents: 8 / 7, migProfile: '4g.40gb' },
      '2 × MIG 4g.40gb (1.14 GPUs)',
      '2 × MIG 4g.40gb (1.14 GPUs)',
    ],
  ])('%j', (request, text, mig) => {
    expect(formatGpuRequest(request)).toBe(text);
    expect(formatMigRequest(request)).toBe(mig);
  });
});

describe('formatReplicas', () => {
  const replica = (type: string, replicas: number, active: number) => ({
    type,
    replicas,
    active,
    succeeded: 0,
    failed: 0,
  });
  it.each([
    [undefined, null],
    [[], null],
    [
      [replica('Master', 1, 1), replica('Worker', 2, 2)],
      'Master 1/1 running · Worker 2/2 running',
    ],
    [
      [
        { ...replica('Master', 1, 0), succeeded: 1 },
        { ...replica('Worker', 3, 1), failed: 2 },
      ],
      'Master 0/1 running, 1 succeeded · Worker 1/3 running, 2 failed',
    ],
  ])('%j: %s', (replicas, expected) => {
    expect(formatReplicas({ replicas })).toBe(expected);
  });
});
