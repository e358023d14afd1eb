import { ConfigReader } from '@backstage/config';
import { readListLimits } from './listLimits';

const read = (limits?: object) =>
  readListLimits(new ConfigReader(limits ? { mlops: { limits } } : {}));

describe('readListLimits', () => {
  it.each([
    [
      undefined,
      {
        pageSize: 500,
        maxObjectsPerRead: 5000,
        maxObjectsPerCollectorRun: 100_000,
      },
    ],
    [
      { pageSize: 100 },
      {
        pageSize: 100,
        maxObjectsPerRead: 5000,
        maxObjectsPerCollectorRun: 100_000,
      },
    ],
    [
      { maxObjectsPerRead: 2000, maxObjectsPerCollectorRun: 2000 },
      {
        pageSize: 500,
        maxObjectsPerRead: 2000,
        maxObjectsPerCollectorRun: 2000,
      },
    ],
  ])('%j reads as %j', (limits, expected) => {
    expect(read(limits)).toEqual(expected);
  });

  it.each([
    [
      { pageSize: 0 },
      'mlops.limits.pageSize must be a whole number of at least 1, not 0',
    ],
    [
      { maxObjectsPerRead: 2.5 },
      'mlops.limits.maxObjectsPerRead must be a whole number of at least 1, not 2.5',
    ],
    [
      { maxObjectsPerCollectorRun: -1 },
      'mlops.limits.maxObjectsPerCollectorRun must be a whole number of at least 1, not -1',
    ],
    [
      { maxObjectsPerCollectorRun: 10 },
      'mlops.limits.maxObjectsPerCollectorRun must be at least maxObjectsPerRead',
    ],
  ])('refuses %j', (limits, message) => {
    expect(() => read(limits)).toThrow(message);
  });
});
