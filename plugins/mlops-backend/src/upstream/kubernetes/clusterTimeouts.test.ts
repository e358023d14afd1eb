import { ConfigReader } from '@backstage/config';
import { readKubernetesTabConfig } from './clusterTimeouts';

const read = (kubernetesTab?: object) =>
  readKubernetesTabConfig(new ConfigReader({ mlops: { kubernetesTab } }));

describe('readKubernetesTabConfig', () => {
  it('bounds every cluster call at 5 s by default, retried after 30 s', () => {
    expect(read()).toEqual({
      enabled: true,
      timeoutMs: 5_000,
      retryAfterMs: 30_000,
    });
  });

  it('reads durations and can leave the stock plugin as it is', () => {
    expect(
      read({
        clusterTimeout: '2s',
        retryAfter: '1m',
        boundClusterCalls: false,
      }),
    ).toEqual({ enabled: false, timeoutMs: 2_000, retryAfterMs: 60_000 });
  });

  it.each([
    [{ clusterTimeout: '0s' }, /longer than 0/],
    [{ clusterTimeout: 'soon' }, /clusterTimeout/],
    [{ boundClusterCalls: 'yes please' }, /boundClusterCalls/],
  ])('refuses %j with a message', (tab, message) => {
    expect(() => read(tab)).toThrow(message);
  });
});
