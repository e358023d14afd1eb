import { mockServices } from '@backstage/backend-test-utils';
import {
  ClusterDetails,
  FetchResponseWrapper,
  KubernetesFetcher,
  ObjectFetchParams,
} from '@backstage/plugin-kubernetes-node';
import { TimeBoundFetcher } from './TimeBoundFetcher';

const cluster = (name: string): ClusterDetails => ({
  name,
  url: `https://${name}.example.com`,
  authMetadata: {},
});
const params = (name: string) =>
  ({
    clusterDetails: cluster(name),
    credential: { type: 'anonymous' },
    objectTypesToFetch: new Set(),
    customResources: [],
    serviceId: 'scorer',
  } as unknown as ObjectFetchParams);
const answered: FetchResponseWrapper = {
  errors: [],
  responses: [{ type: 'pods', resources: [] }],
};

/** A fetcher whose calls to `hung` clusters wait until released. */
function innerFetcher() {
  const hung = new Set<string>();
  const waiting: Array<() => void> = [];
  let calls = 0;
  const answer = (name: string) => {
    calls++;
    if (!hung.has(name)) return Promise.resolve(answered);
    return new Promise<FetchResponseWrapper>(resolve =>
      waiting.push(() => resolve(answered)),
    );
  };
  const fetcher: KubernetesFetcher = {
    fetchObjectsForService: p => answer(p.clusterDetails.name),
    fetchPodMetricsByNamespaces: c => answer(c.name),
  };
  return {
    fetcher,
    hung,
    calls: () => calls,
    release: () => waiting.splice(0).forEach(r => r()),
  };
}

describe('TimeBoundFetcher', () => {
  let clock = 0;
  const make = (inner: KubernetesFetcher) =>
    new TimeBoundFetcher(inner, {
      timeoutMs: 50,
      retryAfterMs: 30_000,
      logger: mockServices.logger.mock(),
      now: () => clock,
    });

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('answers a cluster that answers in time as it is', async () => {
    const inner = innerFetcher();
    await expect(
      make(inner.fetcher).fetchObjectsForService(params('east')),
    ).resolves.toEqual(answered);
  });

  it('names a cluster that does not answer in time, and answers its next calls from that failure without asking it', async () => {
    const inner = innerFetcher();
    inner.hung.add('east');
    const fetcher = make(inner.fetcher);
    const first = await fetcher.fetchObjectsForService(params('east'));
    expect(first).toEqual({
      errors: [
        {
          errorType: 'FETCH_ERROR',
          message: expect.stringMatching(
            /^Cluster east did not answer within 50 ms; its objects are left out and the other clusters are shown/,
          ),
        },
      ],
      responses: [],
    });
    clock += 10_000;
    await expect(
      fetcher.fetchPodMetricsByNamespaces(
        cluster('east'),
        { type: 'anonymous' },
        new Set(['fraud-ml']),
      ),
    ).resolves.toEqual(first);
    expect(inner.calls()).toBe(1);
    // Another cluster is not held up.
    await expect(fetcher.fetchObjectsForService(params('west'))).resolves.toBe(
      answered,
    );
  });

  it('asks a hung cluster again once its late answer has come', async () => {
    const inner = innerFetcher();
    inner.hung.add('east');
    const fetcher = make(inner.fetcher);
    await fetcher.fetchObjectsForService(params('east'));
    inner.hung.delete('east');
    inner.release();
    await new Promise(resolve => setImmediate(resolve));
    await expect(fetcher.fetchObjectsForService(params('east'))).resolves.toBe(
      answered,
    );
    expect(inner.calls()).toBe(2);
  });

  it('lets one call through after retryAfter while the late answer has not come', async () => {
    const inner = innerFetcher();
    inner.hung.add('east');
    const fetcher = make(inner.fetcher);
    await fetcher.fetchObjectsForService(params('east'));
    clock += 30_000;
    const [probe, meanwhile] = await Promise.all([
      fetcher.fetchObjectsForService(params('east')),
      fetcher.fetchObjectsForService(params('east')),
    ]);
    expect(inner.calls()).toBe(2);
    expect(probe.errors[0]).toMatchObject({ errorType: 'FETCH_ERROR' });
    expect(meanwhile.errors[0]).toMatchObject({ errorType: 'FETCH_ERROR' });
    inner.release();
  });

  it('passes a failure of the stock fetcher through', async () => {
    const failing: KubernetesFetcher = {
      fetchObjectsForService: () => Promise.reject(new Error('refused')),
      fetchPodMetricsByNamespaces: () => Promise.reject(new Error('refused')),
    };
    await expect(
      make(failing).fetchObjectsForService(params('east')),
    ).rejects.toThrow('refused');
  });
});
