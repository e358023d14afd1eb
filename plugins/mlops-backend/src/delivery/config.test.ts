import { ConfigReader } from '@backstage/config';
import { readDeliveryConfig } from './config';

describe('mlops.delivery', () => {
  it('defaults to 15 s of sharing and a 5m window', () => {
    expect(readDeliveryConfig(new ConfigReader({}))).toEqual({
      cacheTtlMs: 15_000,
      sloWindow: '5m',
    });
  });

  it('takes a Prometheus duration as the window and refuses anything else', () => {
    const read = (sloWindow: string) =>
      readDeliveryConfig(
        new ConfigReader({
          mlops: { delivery: { sloWindow, cacheTtl: '30s' } },
        }),
      );
    expect(read('10m')).toEqual({ cacheTtlMs: 30_000, sloWindow: '10m' });
    expect(() => read('5 minutes')).toThrow(
      "mlops.delivery.sloWindow: '5 minutes' is not a Prometheus duration such as 5m",
    );
    expect(() => read('5m]) or vector(1')).toThrow('not a Prometheus duration');
  });
});
