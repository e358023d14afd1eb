import { gpuEquivalentOf, migSliceOf, migSliceOfProfile } from './migSlice';

describe('migSliceOf', () => {
  it.each([
    // A100 80GB and H100 80GB: 7 compute slices.
    ['nvidia.com/mig-1g.10gb', '1g.10gb', 1 / 7],
    ['nvidia.com/mig-1g.10gb+me', '1g.10gb+me', 1 / 7],
    ['nvidia.com/mig-1g.20gb', '1g.20gb', 1 / 7],
    ['nvidia.com/mig-2g.20gb', '2g.20gb', 2 / 7],
    ['nvidia.com/mig-3g.40gb', '3g.40gb', 3 / 7],
    ['nvidia.com/mig-4g.40gb', '4g.40gb', 4 / 7],
    ['nvidia.com/mig-7g.80gb', '7g.80gb', 1],
    // A100 40GB: its 1g.5gb is not an A30 slice.
    ['nvidia.com/mig-1g.5gb', '1g.5gb', 1 / 7],
    ['nvidia.com/mig-3g.20gb', '3g.20gb', 3 / 7],
    // A30: 4 compute slices of 6 GB.
    ['nvidia.com/mig-1g.6gb', '1g.6gb', 1 / 4],
    ['nvidia.com/mig-1g.6gb+me', '1g.6gb+me', 1 / 4],
    ['nvidia.com/mig-2g.12gb', '2g.12gb', 2 / 4],
    ['nvidia.com/mig-4g.24gb', '4g.24gb', 1],
    // A compute instance smaller than its GPU instance counts its own slices.
    ['nvidia.com/mig-1c.3g.40gb', '1c.3g.40gb', 1 / 7],
    ['nvidia.com/mig-1c.2g.12gb', '1c.2g.12gb', 1 / 4],
  ])('%s is %s, %d of a GPU', (resource, profile, fraction) => {
    const slice = migSliceOf(resource);
    expect(slice?.profile).toBe(profile);
    expect(slice?.fraction).toBeCloseTo(fraction, 12);
  });

  it.each([
    'nvidia.com/gpu',
    'nvidia.com/mig-foo',
    'nvidia.com/mig-',
    'nvidia.com/mig-1g',
    'nvidia.com/mig-1g.10',
    'nvidia.com/mig-1g.10GB',
    'nvidia.com/mig-0g.10gb',
    'nvidia.com/mig-8g.80gb',
    'nvidia.com/mig-5g.30gb',
    'nvidia.com/mig-4c.3g.40gb',
    'nvidia.com/mig-1g.10gb+',
    'nvidia.com/mig-1g.10gb ',
    'nvidia.com/mig-1g.10gb+me/x',
    'amd.com/mig-1g.10gb',
    'mig-1g.10gb',
    '',
  ])('%j is no MIG slice', resource => {
    expect(migSliceOf(resource)).toBeNull();
  });
});

describe('migSliceOfProfile', () => {
  it('reads the profile as DCGM labels a slice (GPU_I_PROFILE)', () => {
    expect(migSliceOfProfile('1g.10gb')).toEqual({
      profile: '1g.10gb',
      fraction: 1 / 7,
    });
    expect(migSliceOfProfile('2g.12gb')?.fraction).toBe(0.5);
    expect(migSliceOfProfile('nvidia.com/mig-1g.10gb')).toBeNull();
  });
});

describe('gpuEquivalentOf', () => {
  it.each([
    ['nvidia.com/gpu', 4, 4],
    ['amd.com/gpu', 2, 2],
    ['nvidia.com/mig-3g.40gb', 1, 3 / 7],
    ['nvidia.com/mig-1g.10gb', 7, 1],
    ['nvidia.com/mig-2g.12gb', 2, 1],
    ['nvidia.com/mig-foo', 3, 0],
    ['nvidia.com/mig-1g.10gb', 0, 0],
  ])('%s × %d is %d GPUs', (resource, count, gpus) => {
    expect(gpuEquivalentOf(resource, count)).toBeCloseTo(gpus, 12);
  });
});
