import { ConfigReader } from '@backstage/config';
import { readFleetConfig } from './config';

const read = (fleet: object) =>
  readFleetConfig(new ConfigReader({ mlops: { fleet } }));

describe('readFleetConfig', () => {
  it('has defaults', () => {
    expect(readFleetConfig(new ConfigReader({}))).toEqual({
      frequency: { seconds: 30 },
      timeout: { minutes: 2 },
      queryTimeoutMs: 30_000,
      cacheTtlMs: 60_000,
      prices: { currency: 'USD', perGpuHour: {} },
    });
  });

  it('reads prices per GPU model', () => {
    expect(
      read({
        frequency: '10s',
        gpuPrices: { currency: 'EUR', perGpuHour: { 'NVIDIA-L4': 0.7 } },
      }),
    ).toMatchObject({
      cacheTtlMs: 20_000,
      prices: { currency: 'EUR', perGpuHour: { 'NVIDIA-L4': 0.7 } },
    });
  });

  it.each([
    [
      { gpuPrices: { perGpuHour: { A100: -1 } } },
      /perGpuHour.A100 must be a price of at least 0/,
    ],
    [{ gpuPrices: { perGpuHour: { A100: 'cheap' } } }, /perGpuHour.A100/],
    [{ gpuPrices: { currency: 'dollars' } }, /ISO 4217/],
    [{ frequency: 'soon' }, /frequency/],
  ])('refuses %j with a message', (fleet, message) => {
    expect(() => read(fleet)).toThrow(message);
  });
});
