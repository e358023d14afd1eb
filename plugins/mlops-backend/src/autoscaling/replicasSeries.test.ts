import { ScalingEvent } from '@internal/plugin-mlops-common';
import { asHpa, normalHpa, NOW } from './__fixtures__/hpas';
import { hpaView } from './hpaView';
import { replicasSeries } from './replicasSeries';

const hpa = hpaView('east', asHpa(normalHpa), NOW);
const start = new Date(NOW.getTime() - 3600_000);
const t = (minutesAgo: number) => NOW.getTime() - minutesAgo * 60_000;

function change(minutesAgo: number, from: number, to: number): ScalingEvent {
  return {
    cluster: 'east',
    namespace: 'fraud-ml',
    hpa: 'fraud-scorer',
    source: 'observed-change',
    type: null,
    reason: 'DesiredReplicasChanged',
    message: `Desired replicas changed from ${from} to ${to}`,
    fromReplicas: from,
    toReplicas: to,
    count: 1,
    occurredAt: new Date(t(minutesAgo)).toISOString(),
  };
}

describe('replicasSeries', () => {
  it('takes the four series from Prometheus, aligned by time', () => {
    const series = new Map<string, Array<[number, number | null]>>([
      [
        'current|east|fraud-ml|fraud-scorer',
        [
          [t(1), 3],
          [t(0), 4],
        ],
      ],
      ['desired|east|fraud-ml|fraud-scorer', [[t(0), 4]]],
      [
        'max|east|fraud-ml|fraud-scorer',
        [
          [t(1), 10],
          [t(0), 10],
        ],
      ],
      ['current|west|fraud-ml|fraud-scorer', [[t(0), 99]]],
    ]);
    const [s] = replicasSeries([hpa], series, 'cluster', [], start, NOW);
    expect(s.source).toBe('prometheus');
    expect(s.points).toEqual([
      { t: t(1), current: 3, desired: null, min: null, max: 10 },
      { t: t(0), current: 4, desired: 4, min: null, max: 10 },
    ]);
  });

  it('falls back to the observed changes within the range, ending with the HPA now', () => {
    const events = [
      change(90, 1, 2), // before the chart's range
      change(30, 2, 5),
      change(10, 5, 3),
      { ...change(5, 3, 9), hpa: 'other' },
      { ...change(4, 3, 9), source: 'kubernetes-event' as const },
    ];
    const [s] = replicasSeries([hpa], undefined, undefined, events, start, NOW);
    expect(s.source).toBe('history');
    expect(s.points).toEqual([
      { t: t(30), current: null, desired: 5, min: 2, max: 10 },
      { t: t(10), current: null, desired: 3, min: 2, max: 10 },
      { t: t(0), current: 3, desired: 3, min: 2, max: 10 },
    ]);
  });
});
