import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { FleetView } from '@internal/plugin-mlops-common';
import request from 'supertest';
import { capturedTask } from '../__testUtils__/sandboxPortal';
import {
  modelService,
  startMlopsBackend,
  user,
} from '../__testUtils__/startMlopsBackend';

/*
 * The HTTP contract of /fleet without clusters or Prometheus: the caller
 * and the input checked, an answer before the first run, services that
 * cannot be read as rows that say why, and a team's own view. The figures
 * are tested against the sandbox (src/integration/fleet.test.ts).
 */
jest.setTimeout(60_000);

const entities = [
  modelService('scorer', {
    'backstage.io/kubernetes-id': 'scorer',
    'backstage.io/kubernetes-namespace': 'fraud-ml',
  }),
  modelService('ranker', { 'backstage.io/kubernetes-id': 'ranker' }, 'recsys'),
  modelService('broken', { 'backstage.io/kubernetes-id': 'Not A Label!' }),
  modelService('orphan', { 'backstage.io/kubernetes-id': 'orphan' }, null),
];

async function start(options: { deny?: boolean } = {}) {
  const task = capturedTask('mlops-fleet');
  const server = await startMlopsBackend({
    entities,
    config: { mlops: { fleet: { gpuPrices: { perGpuHour: { A100: 4 } } } } },
    deny: options.deny,
    features: [
      task.scheduler.factory,
      // The mock user is a member of fraud-ml.
      mockServices.userInfo.mock({
        getUserInfo: async () => ({
          userEntityRef: mockCredentials.user().principal.userEntityRef,
          ownershipEntityRefs: ['group:default/fraud-ml'],
        }),
      }).factory,
    ],
  });
  const get = (path = '/api/mlops/fleet') =>
    request(server).get(path).set('authorization', user);
  return { server, task, get };
}

describe('GET /fleet', () => {
  it('needs a token, and refuses query parameters with 400 and a message', async () => {
    const { server, get } = await start();
    const anonymous = await request(server).get('/api/mlops/fleet');
    expect(anonymous.status).toBe(401);
    const bad = await get('/api/mlops/fleet?owner=x');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/owner/);
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('says the fleet is being computed before the first run', async () => {
    const { get } = await start();
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      state: 'pending',
      message: expect.stringMatching(/first time/),
    });
  });

  it('gives every service a row, with the reason when it cannot be read', async () => {
    const { get, task } = await start();
    await task.run();
    const response = await get();
    expect(response.status).toBe(200);
    const view = response.body as FleetView;
    expect(view.wholeFleet).toBe(true);
    const row = (name: string) => view.services.find(s => s.name === name)!;
    expect(view.services).toHaveLength(4);
    expect(row('broken')).toMatchObject({
      status: 'unknown',
      reason: expect.stringMatching(/backstage.io\/kubernetes-id/),
    });
    expect(row('orphan')).toMatchObject({
      status: 'unknown',
      owner: null,
      reason: expect.stringMatching(/no owner/),
    });
    // No cluster is configured: what the entity page would say.
    expect(row('scorer').status).toBe('unknown');
    expect(row('scorer').reason).not.toBe('');
    expect(view.teams.map(t => t.owner)).toEqual([
      'group:default/fraud-ml',
      'group:default/recsys',
      null,
    ]);
  });

  it('serves the whole fleet as the same bytes to every viewer: gzipped, and 304 to a viewer who holds them', async () => {
    const { get, task } = await start();
    await task.run();
    const first = await get().set('accept-encoding', 'gzip');
    expect(first.status).toBe(200);
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"fleet-[\w-]+"$/);
    const plain = await get().set('accept-encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(first.body);
    const again = await get().set('if-none-match', `"other", ${etag}`);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
  });

  it('shows a user outside the platform groups only what their groups own', async () => {
    const { get, task } = await start({ deny: true });
    await task.run();
    const view = (await get()).body as FleetView;
    expect(view.wholeFleet).toBe(false);
    expect(view.services.map(s => s.name).sort()).toEqual(['broken', 'scorer']);
    expect(view.teams.map(t => t.owner)).toEqual(['group:default/fraud-ml']);
    expect(view.gpus.pools).toEqual([]);
    expect(view.sources).toEqual([]);
  });
});
