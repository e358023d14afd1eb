import { fleetRow, fleetView } from '../__testUtils__/fleetRows';
import { fleetChanges } from './fleetChanges';

describe('fleetChanges', () => {
  const a = fleetRow('a');
  const b = fleetRow('b');

  it('names every service of a first answer', () => {
    expect(fleetChanges(undefined, fleetView([a, b]))).toEqual({
      entityRefs: ['component:default/a', 'component:default/b'],
      fleet: true,
    });
  });

  it('sees no change in noise below three significant digits', () => {
    const noisy = fleetRow('a', { requestsPerSecond: 10.0004 });
    expect(fleetChanges(fleetView([a, b]), fleetView([noisy, b]))).toEqual({
      entityRefs: [],
      fleet: false,
    });
  });

  it("tells the fleet page, not the service's pages, of a figure's small drift", () => {
    const drifted = fleetRow('a', {
      requestsPerSecond: 10.5,
      reason: 'Within objectives: 10.5 req/s',
    });
    expect(
      fleetChanges(
        fleetView([
          fleetRow('a', { reason: 'Within objectives: 10 req/s' }),
          b,
        ]),
        fleetView([drifted, b]),
      ),
    ).toEqual({ entityRefs: [], fleet: true });
  });

  it.each([
    ['status', { status: 'degraded' as const }],
    ['traffic (by more than 10 %)', { requestsPerSecond: 12 }],
    ['reason', { reason: '0.5 % of requests fail' }],
    ['latency (no longer measured)', { latencyP95Ms: null }],
    [
      'replicas',
      {
        replicas: {
          ready: 1,
          desired: 2,
          max: 4,
          pinnedAtMax: false,
          pinnedAtMaxSince: null,
        },
      },
    ],
  ])('names a service whose %s changed', (_, change) => {
    expect(
      fleetChanges(fleetView([a, b]), fleetView([fleetRow('a', change), b])),
    ).toEqual({ entityRefs: ['component:default/a'], fleet: true });
  });

  it('names services that came and went', () => {
    expect(fleetChanges(fleetView([a]), fleetView([b])).entityRefs).toEqual([
      'component:default/a',
      'component:default/b',
    ]);
  });

  it('sees a change of a source without a change of any service', () => {
    const before = fleetView([a]);
    const after = {
      ...fleetView([a]),
      sources: [
        {
          kind: 'prometheus' as const,
          name: 'p',
          ok: false,
          requests: 1,
          durationMs: 1,
        },
      ],
    };
    expect(fleetChanges(before, after)).toEqual({
      entityRefs: [],
      fleet: true,
    });
  });
});
