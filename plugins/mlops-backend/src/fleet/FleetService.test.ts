import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { CacheService } from '@backstage/backend-plugin-api';
import { FleetView } from '@internal/plugin-mlops-common';
import { gunzipSync } from 'node:zlib';
import { fleetRow, fleetView } from '../__testUtils__/fleetRows';
import { FleetService } from './FleetService';
import { FleetSnapshotStore } from './FleetSnapshotStore';

/** A cache shared by "replicas", as Redis or Memcached would be. */
function sharedCache(): CacheService {
  const values = new Map<string, unknown>();
  const cache = {
    get: async (key: string) => values.get(key),
    set: async (key: string, value: unknown) => {
      values.set(key, value);
    },
    delete: async (key: string) => {
      values.delete(key);
    },
    withOptions: () => cache,
  };
  return cache as unknown as CacheService;
}

function replica(cache: CacheService, stored?: FleetView) {
  const load = jest.fn(async () => stored);
  const service = new FleetService({
    cache,
    snapshots: { load } as unknown as FleetSnapshotStore,
    permissions: mockServices.permissions.mock({
      authorize: async () => [{ result: 'ALLOW' } as any],
    }),
    userInfo: mockServices.userInfo.mock(),
    cacheTtlMs: 60_000,
  });
  return { service, load };
}

const platform = mockCredentials.user();

async function bodyOf(service: FleetService) {
  const answer = await service.getFleet(platform);
  if (!('body' in answer)) throw new Error('expected the whole fleet');
  return answer.body;
}

describe('FleetService', () => {
  it('reads a restarted replica its stored answer once for all the viewers asking meanwhile', async () => {
    const view = fleetView([fleetRow('scorer')]);
    const { service, load } = replica(sharedCache(), view);
    const bodies = await Promise.all([1, 2, 3, 4].map(() => bodyOf(service)));
    expect(load).toHaveBeenCalledTimes(1);
    expect(new Set(bodies.map(b => b.etag)).size).toBe(1);
    expect(JSON.parse(gunzipSync(bodies[0].gzipped).toString())).toEqual(view);
    expect(JSON.parse(bodies[0].json.toString())).toEqual(view);
  });

  it("serves another replica's newer answer once the cache holds it", async () => {
    const cache = sharedCache();
    const a = replica(cache);
    const b = replica(cache);
    await a.service.keep(fleetView([fleetRow('scorer')]));
    const first = await bodyOf(b.service);
    await a.service.keep(
      fleetView([fleetRow('scorer', { status: 'degraded' })]),
    );
    const second = await bodyOf(b.service);
    expect(second.etag).not.toBe(first.etag);
    expect(JSON.parse(second.json.toString()).services[0].status).toBe(
      'degraded',
    );
    expect(b.load).not.toHaveBeenCalled();
  });

  it('says the fleet is pending before any answer, and asks again later', async () => {
    const { service, load } = replica(sharedCache());
    expect(await service.getFleet(platform)).toMatchObject({
      response: { state: 'pending' },
    });
    await service.getFleet(platform);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
