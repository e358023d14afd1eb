import { DEFAULT_PROFILES } from './profiles/defaultProfiles';
import { metricsTargetOf, withSeriesFound } from './metricsTarget';

const profile = (id: string) => DEFAULT_PROFILES.find(p => p.id === id)!;
const scope = {
  namespace: 'ml',
  metricsWorkload: 'fraud-scorer',
  deployment: 'fraud-scorer',
};

describe('metrics target', () => {
  it.each([
    [
      'template',
      'main',
      'model_server_requests_total{namespace="ml", service="fraud-scorer"}',
    ],
    [
      'kserve',
      null,
      'request_predict_seconds_count{namespace="ml", pod=~"fraud-scorer(-canary|-blue|-green)?-[a-z0-9]+-[a-z0-9]+"}',
    ],
  ])('%s on %p selects %s', (id, prometheus, selector) => {
    expect(metricsTargetOf(profile(id), true, prometheus, scope)).toEqual({
      profileId: id,
      profileTitle: profile(id).title,
      profileDetected: true,
      prometheus,
      selector,
      found: false,
    });
  });

  it.each([
    // detected before, annotated, found → detected, found
    [false, false, true, true, true],
    [false, true, true, false, true],
    [false, false, false, false, false],
    [true, false, false, true, false],
  ])(
    'detected %p, annotated %p, found %p → detected %p, found %p',
    (before, annotated, found, detected, foundAfter) => {
      const target = metricsTargetOf(
        profile('template'),
        before,
        'main',
        scope,
      );
      const confirmed = withSeriesFound(target, annotated, found);
      expect([confirmed.profileDetected, confirmed.found]).toEqual([
        detected,
        foundAfter,
      ]);
      expect(target.found).toBe(false);
    },
  );
});
