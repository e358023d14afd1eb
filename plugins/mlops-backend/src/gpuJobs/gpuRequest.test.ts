import { gpuRequestOf } from './gpuRequest';
import { container, GPU } from '../__testUtils__/gpuContainers';

describe('gpuRequestOf', () => {
  it.each([
    ['a string quantity', [container({ 'nvidia.com/gpu': '2' })], 2],
    ['a number', [container({ 'nvidia.com/gpu': 4 })], 4],
    [
      'summed over containers',
      [
        container({ 'nvidia.com/gpu': '1' }),
        container({ 'nvidia.com/gpu': '1' }),
      ],
      2,
    ],
    ['another configured resource', [container({ 'amd.com/gpu': '8' })], 8],
    ['garbage', [container({ 'nvidia.com/gpu': 'lots' })], null],
    ['no GPU request', [container({ cpu: '4' })], null],
    ['no resources at all', [container()], null],
  ])('%s', (_, containers, gpus) => {
    const request = gpuRequestOf({ containers } as never, GPU);
    // Whole GPUs are their own GPU-equivalents, with no MIG profile.
    expect(
      request && [request.gpus, request.gpuEquivalents, request.migProfile],
    ).toEqual(gpus === null ? null : [gpus, gpus, null]);
  });

  it.each([
    [
      'one slice',
      [container({ 'nvidia.com/mig-3g.40gb': 1 })],
      {
        gpus: 1,
        resource: 'nvidia.com/mig-3g.40gb',
        gpuEquivalents: 3 / 7,
        migProfile: '3g.40gb',
      },
    ],
    [
      'slices summed over containers',
      [
        container({ 'nvidia.com/mig-1g.10gb': '1' }),
        container({ 'nvidia.com/mig-1g.10gb': '2' }),
      ],
      {
        gpus: 3,
        resource: 'nvidia.com/mig-1g.10gb',
        gpuEquivalents: 3 / 7,
        migProfile: '1g.10gb',
      },
    ],
    [
      'an A30 slice',
      [container({ 'nvidia.com/mig-2g.12gb': '1' })],
      {
        gpus: 1,
        resource: 'nvidia.com/mig-2g.12gb',
        gpuEquivalents: 0.5,
        migProfile: '2g.12gb',
      },
    ],
    [
      'several profiles: all counted, the largest share named first',
      [
        container({ 'nvidia.com/mig-1g.10gb': '2' }),
        container({ 'nvidia.com/mig-3g.40gb': '1', cpu: '4' }),
      ],
      {
        gpus: 3,
        resource: 'nvidia.com/mig-3g.40gb',
        gpuEquivalents: 5 / 7,
        migProfile: '3g.40gb, 1g.10gb',
      },
    ],
  ])('MIG: %s', (_, containers, expected) => {
    const request = gpuRequestOf({ containers } as never, GPU);
    expect(request).toEqual({
      ...expected,
      gpuEquivalents: expect.closeTo(expected.gpuEquivalents, 12),
    });
  });

  it('reads slices from requests when there are no limits, and from init containers', () => {
    const request = gpuRequestOf(
      {
        containers: [
          {
            name: 'trainer',
            resources: { requests: { 'nvidia.com/mig-1g.10gb': '1' } },
          },
        ],
        initContainers: [container({ 'nvidia.com/mig-1g.10gb': '2' })],
      } as never,
      GPU,
    );
    expect(request).toMatchObject({ gpus: 2, migProfile: '1g.10gb' });
  });

  it('counts a configured resource before any slice', () => {
    const request = gpuRequestOf(
      {
        containers: [
          container({ 'nvidia.com/gpu': '1', 'nvidia.com/mig-1g.10gb': '1' }),
        ],
      } as never,
      GPU,
    );
    expect(request).toEqual({
      gpus: 1,
      resource: 'nvidia.com/gpu',
      gpuEquivalents: 1,
      migProfile: null,
    });
  });

  it('counts a MIG resource configured explicitly as its fraction', () => {
    const request = gpuRequestOf(
      { containers: [container({ 'nvidia.com/mig-1g.10gb': '7' })] } as never,
      ['nvidia.com/mig-1g.10gb'],
    );
    expect(request).toMatchObject({ gpus: 7, migProfile: '1g.10gb' });
    expect(request?.gpuEquivalents).toBeCloseTo(1, 12);
  });

  it.each([
    ['a malformed MIG name', { 'nvidia.com/mig-foo': '1' }],
    ['a MIG quantity that is not one', { 'nvidia.com/mig-1g.10gb': 'lots' }],
    ['zero slices', { 'nvidia.com/mig-1g.10gb': '0' }],
  ])('%s is no GPU', (_, limits) => {
    expect(
      gpuRequestOf({ containers: [container(limits)] } as never, GPU),
    ).toBe(null);
  });
});
