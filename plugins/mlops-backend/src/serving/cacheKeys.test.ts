import { EntityTarget } from '../shared/entityTarget';
import { hashOf, healthKey, profileKey, seriesKey } from './cacheKeys';

const target: EntityTarget = {
  entityRef: 'component:default/fraud-scorer',
  kubernetesId: 'fraud-scorer',
  namespace: 'ml',
  labelSelector: 'app=fraud-scorer',
  metricsWorkload: 'fraud-scorer',
  objectives: { availabilityPercent: 99.9, latencyP95Ms: 300 },
};
const scope = {
  namespace: 'ml',
  metricsWorkload: 'fraud-scorer',
  deployment: 'fraud-scorer',
};

describe('serving cache keys', () => {
  // Fixed digests: a change here makes every kept answer unreachable.
  it.each([
    [
      'health',
      healthKey(target),
      'health:component:default/fraud-scorer:1c301f413e6646b5',
    ],
    [
      'health of another profile',
      healthKey({ ...target, profileId: 'vllm' }),
      'health:component:default/fraud-scorer:8a57fb27272e4a45',
    ],
    [
      'series of 1h',
      seriesKey('1h', target),
      'series:1h:component:default/fraud-scorer:1c301f413e6646b5',
    ],
    [
      'series of 24h',
      seriesKey('24h', target),
      'series:24h:component:default/fraud-scorer:1c301f413e6646b5',
    ],
    [
      'profile on all clusters',
      profileKey('main', scope),
      'profile:main:3ea65e0d8d2294b4',
    ],
    [
      'profile with no clusters named',
      profileKey('main', { ...scope, clusters: undefined }),
      'profile:main:3ea65e0d8d2294b4',
    ],
    [
      'profile on eu-1',
      profileKey('eu', {
        ...scope,
        clusters: { label: 'cluster', names: ['eu-1'] },
      }),
      'profile:eu:251df35727f1d3a4',
    ],
  ])('%s', (_, key, expected) => {
    expect(key).toBe(expected);
  });

  it.each([
    [{ a: 1 }, { a: 1 }, true],
    [{ a: 1 }, { a: 2 }, false],
    [{ a: 1, b: undefined }, { a: 1 }, true],
  ])('hashOf(%j) equals hashOf(%j): %p', (a, b, same) => {
    expect(hashOf(a)).toHaveLength(16);
    expect(hashOf(a) === hashOf(b)).toBe(same);
  });
});

describe('serving cache keys of one selector written two ways', () => {
  it.each([
    ['a=1,b=2', ' b=2 , a=1'],
    ['app in (x,y)', 'app in (y, x)'],
  ])('%j and %j share the health and series keys', (one, other) => {
    const keys = (labelSelector: string) => [
      healthKey({ ...target, labelSelector }),
      seriesKey('1h', { ...target, labelSelector }),
    ];
    expect(keys(one)).toEqual(keys(other));
  });

  it('keeps different selectors apart', () => {
    expect(healthKey({ ...target, labelSelector: 'a=1' })).not.toBe(
      healthKey({ ...target, labelSelector: 'a!=1' }),
    );
  });
});
