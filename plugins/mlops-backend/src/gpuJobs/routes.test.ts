import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { mlopsPlugin } from '../plugin';

/*
 * The HTTP contract of the GPU jobs endpoints: input checks and typed
 * answers that need no cluster. The answers with clusters, Prometheus and
 * the history are tested against the sandbox (src/integration/gpuJobs.test.ts).
 */
jest.setTimeout(60_000);

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'bare', namespace: 'default' },
    spec: { type: 'training-pipeline', owner: 'fraud-ml' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'bad-selector',
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-label-selector': 'a in (b' },
    },
    spec: { type: 'training-pipeline', owner: 'fraud-ml' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'fraud-ml', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
];

describe('GPU jobs endpoints', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: () => Promise<void>;
  const user = mockCredentials.user.header();
  const get = (path: string) =>
    request(server)
      .get(`/api/mlops/entities/${path}`)
      .set('authorization', user);

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        mlopsPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.scheduler.mock().factory,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: { mlops: { gpuJobs: { defaultDays: 3 } } },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });
  afterAll(() => stop());

  it.each([
    ['group/default/fraud-ml/gpu-jobs?days=0', "query parameter 'days'"],
    ['group/default/fraud-ml/gpu-jobs?days=two', "query parameter 'days'"],
    ['group/default/fraud-ml/gpu-jobs?days=1.5', "query parameter 'days'"],
    [
      'group/default/fraud-ml/gpu-jobs?range=1h',
      "unknown query parameter 'range'",
    ],
    [
      'group/default/fraud-ml/gpu-jobs/east/Not_A_Namespace/job',
      "path parameter 'jobNamespace'",
    ],
    [
      'group/default/fraud-ml/gpu-jobs/east/ml/job?x=1',
      "unknown query parameter 'x'",
    ],
    ['not a kind/default/x/gpu-jobs', "path parameter 'kind'"],
  ])('%s is a 400 naming the input', async (path, message) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toContain(message);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('needs a caller', async () => {
    const response = await request(server).get(
      '/api/mlops/entities/group/default/fraud-ml/gpu-jobs',
    );
    expect(response.status).toBe(401);
  });

  it('is a 404 for an entity the catalog does not hold', async () => {
    const response = await get('component/default/nope/gpu-jobs');
    expect(response.status).toBe(404);
  });

  it.each([
    ['bare', 'missing-annotation'],
    ['bad-selector', 'invalid-annotation'],
  ])('answers %s with not-configured (%s)', async (name, reason) => {
    const response = await get(`component/default/${name}/gpu-jobs`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ state: 'not-configured', reason });
  });

  it('answers a team from the history, every day of the period listed', async () => {
    const response = await get('group/default/fraud-ml/gpu-jobs');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      state: 'ok',
      team: 'group:default/fraud-ml',
      periodDays: 3,
      jobs: [],
      historyUpdatedAt: null,
      totals: { running: 0, gpuHours: 0 },
    });
    expect(response.body.gpuHoursByDay.length).toBeGreaterThanOrEqual(3);
  });

  it('is a 404 for a job that is not the entity’s', async () => {
    const response = await get(
      'group/default/fraud-ml/gpu-jobs/east/ml/train-1',
    );
    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain('has no GPU job ml/train-1');
  });
});
