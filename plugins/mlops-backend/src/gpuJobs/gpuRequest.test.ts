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
    expect(request?.gpus ?? null).toBe(gpus);
  });
});
