import { servingHealthPath, servingTimeSeriesPath } from './paths';

describe('API paths', () => {
  it.each([
    [
      { kind: 'Component', namespace: 'default', name: 'fraud-scorer' },
      '/entities/component/default/fraud-scorer/serving-health',
    ],
    [
      { kind: 'component', namespace: 'Team A', name: 'a/b' },
      '/entities/component/team%20a/a%2Fb/serving-health',
    ],
  ])('builds the health path of %j', (ref, path) => {
    expect(servingHealthPath(ref)).toBe(path);
  });

  it('adds the range to the time-series path', () => {
    expect(
      servingTimeSeriesPath(
        { kind: 'Component', namespace: 'default', name: 'x' },
        '6h',
      ),
    ).toBe('/entities/component/default/x/serving-timeseries?range=6h');
  });
});
