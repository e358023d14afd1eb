import { gpuHoursByDay, gpuHoursWithin } from './gpuHours';

describe('GPU-hours', () => {
  const run = {
    gpuEquivalents: 4,
    startedAt: '2026-11-28T23:00:00Z',
    finishedAt: '2026-11-29T01:00:00Z',
  };
  it('is GPUs × wall time clipped to the period, split by UTC day', () => {
    expect(gpuHoursWithin(run, new Date(0), new Date('2026-12-01'))).toBe(8);
    expect(
      gpuHoursWithin({ ...run, startedAt: null }, new Date(0), new Date()),
    ).toBe(0);
    expect(
      gpuHoursByDay(
        [run],
        new Date('2026-11-28T12:00:00Z'),
        new Date('2026-11-29T12:00:00Z'),
      ),
    ).toEqual([
      { day: '2026-11-28', gpuHours: 4 },
      { day: '2026-11-29', gpuHours: 4 },
    ]);
  });

  it('counts a MIG slice as its fraction: one 3g.40gb for 2 h is 6/7 of a GPU-hour', () => {
    const slice = { ...run, gpuEquivalents: 3 / 7 };
    expect(
      gpuHoursWithin(slice, new Date(0), new Date('2026-12-01')),
    ).toBeCloseTo(0.857, 3);
  });
});
