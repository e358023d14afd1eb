import { DEFAULT_PROFILES } from './profiles/defaultProfiles';
import { chosenProfile, detectionOf, detectionTtlMs } from './profileChoice';

const answered = (values: Record<string, number | null>) => ({
  ok: true as const,
  value: new Map(Object.entries(values)),
  durationMs: 3,
});

describe('profile choice', () => {
  it.each([
    [answered({ template: 0, kserve: 0, vllm: 4 }), 'vllm'],
    [answered({ kserve: 2, vllm: 4 }), 'kserve'],
    [answered({ template: 0, vllm: null }), '-'],
    [answered({}), '-'],
    [
      {
        ok: false as const,
        error: { kind: 'timeout' as const, message: 'timed out' },
        durationMs: 5000,
      },
      null,
    ],
  ])('detects %j as %p', (answer, detection) => {
    expect(detectionOf(DEFAULT_PROFILES, answer)).toBe(detection);
  });

  it.each([
    ['vllm', 600_000],
    ['-', 30_000],
    [null, 0],
  ])('keeps the detection %p for %p ms', (detection, ttl) => {
    expect(detectionTtlMs(detection)).toBe(ttl);
  });

  it.each([
    // annotated, detection, profile, detected
    ['triton', 'vllm', 'triton', false],
    ['triton', undefined, 'triton', false],
    [undefined, 'vllm', 'vllm', true],
    [undefined, '-', 'template', false],
    [undefined, null, 'template', false],
    [undefined, undefined, 'template', false],
  ])(
    'annotated %p, detected %p: %p (detected %p)',
    (annotated, detection, id, detected) => {
      const choice = chosenProfile(
        DEFAULT_PROFILES,
        'template',
        annotated,
        detection,
      );
      expect([choice.profile.id, choice.detected]).toEqual([id, detected]);
    },
  );
});
