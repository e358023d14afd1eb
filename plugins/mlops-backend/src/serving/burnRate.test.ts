import {
  burnRate,
  burnRateAlerts,
  burnRateWindows,
  errorBudget,
  errorBudgetRemaining,
} from './burnRate';

describe('error budget maths', () => {
  it.each([
    [99.9, 0.001],
    [99.95, 0.0005],
    [99, 0.01],
    [100, 0],
  ])('objective %d %% leaves a budget of %d', (objective, budget) => {
    expect(errorBudget(objective)).toBeCloseTo(budget, 12);
  });

  it.each([
    // errorRatio, objective, burn rate
    [0.001, 99.9, 1],
    [0.0144, 99.9, 14.4],
    [0.25, 99.9, 250],
    [0.0003, 99.95, 0.6],
    [0, 99.9, 0],
    [null, 99.9, null],
    [0.01, 100, null],
  ])('error ratio %p against %p %% burns at %p', (ratio, objective, rate) => {
    const result = burnRate(ratio, objective);
    expect(result === null ? null : Number(result.toFixed(9)) + 0).toBe(rate);
  });

  it.each([
    // availability, objective, remaining
    [1, 99.9, 1],
    [0.999, 99.9, 0],
    [0.9995, 99.9, 0.5],
    [0.998, 99.9, -1],
    [0.9997, 99.95, 0.4],
    [null, 99.9, null],
  ])('availability %p against %p %% leaves %p of the budget', (a, o, r) => {
    const result = errorBudgetRemaining(a, o);
    expect(result === null ? null : Number(result.toFixed(9)) + 0).toBe(r);
  });
});

describe('multi-window burn-rate alerts', () => {
  const alerts = (ratios: Record<string, number | null>) =>
    burnRateAlerts(burnRateWindows(ratios, 99.9), 99.9).map(a => [
      `${a.longWindow}/${a.shortWindow}`,
      a.firing,
    ]);
  const quiet = {
    '5m': 0.0003,
    '30m': 0.0003,
    '1h': 0.0003,
    '2h': 0.0003,
    '6h': 0.0003,
    '1d': 0.0003,
    '3d': 0.0003,
  };

  it.each<
    [string, Record<string, number | null>, Array<[string, boolean | null]>]
  >([
    [
      'healthy: nothing fires',
      quiet,
      [
        ['1h/5m', false],
        ['6h/30m', false],
        ['1d/2h', false],
        ['3d/6h', false],
      ],
    ],
    [
      'a 25 % error spike fires every window that saw it',
      { ...quiet, '5m': 0.25, '30m': 0.2, '1h': 0.1, '2h': 0.05, '6h': 0.02 },
      [
        ['1h/5m', true],
        ['6h/30m', true],
        ['1d/2h', false],
        ['3d/6h', false],
      ],
    ],
    [
      'a spike that just began: the long window holds it back',
      { ...quiet, '5m': 0.25, '1h': 0.01 },
      [
        ['1h/5m', false],
        ['6h/30m', false],
        ['1d/2h', false],
        ['3d/6h', false],
      ],
    ],
    [
      'a spike that ended: the short window holds it back',
      { ...quiet, '5m': 0.0001, '1h': 0.05 },
      [
        ['1h/5m', false],
        ['6h/30m', false],
        ['1d/2h', false],
        ['3d/6h', false],
      ],
    ],
    [
      'a slow leak fires the ticket rules only',
      { ...quiet, '2h': 0.004, '6h': 0.004, '1d': 0.004, '3d': 0.004 },
      [
        ['1h/5m', false],
        ['6h/30m', false],
        ['1d/2h', true],
        ['3d/6h', true],
      ],
    ],
    [
      'just under the threshold does not fire',
      { ...quiet, '5m': 0.0143, '1h': 0.0143 },
      [
        ['1h/5m', false],
        ['6h/30m', false],
        ['1d/2h', false],
        ['3d/6h', false],
      ],
    ],
    [
      'no data for a window: unknown unless the other settles it',
      {
        '5m': null,
        '1h': 0.05,
        '30m': 0.0001,
        '6h': null,
        '2h': null,
        '1d': null,
        '3d': null,
      },
      [
        ['1h/5m', null],
        ['6h/30m', false],
        ['1d/2h', null],
        ['3d/6h', null],
      ],
    ],
  ])('%s', (_name, ratios, expected) => {
    expect(alerts(ratios)).toEqual(expected);
  });
});
