import { EntityDelivery } from '@internal/plugin-mlops-common';
import request from 'supertest';
import {
  calls,
  deliveryPath as path,
  getDelivery,
  standIn,
  startPlugin,
  user,
  useDeliveryUpstream,
} from './__testUtils__/deliveryUpstream';

// Without --experimental-vm-modules jest cannot import() ESM; it can require it.
jest.mock('../upstream/kubernetes/clientNode', () => ({
  loadClientNode: async () => jest.requireActual('@kubernetes/client-node'),
}));

const get = async (name: string) => getDelivery(await startPlugin(), name);

/* A failing cluster, Prometheus or MLflow: the answer keeps the rest and names the source. */
describe('GET /api/mlops/.../delivery when sources fail', () => {
  useDeliveryUpstream();

  it('serves the Rollouts without figures when Prometheus fails, naming it', async () => {
    standIn.prometheusStatus = 500;
    const body = await get('fraud-scorer');
    expect(body.sources[0]).toMatchObject({
      kind: 'prometheus',
      name: 'main',
      ok: false,
      requests: 1,
      error: { kind: 'bad-response' },
    });
    expect(body.rollouts[0].revisions.map(r => r.slo)).toEqual([
      null,
      null,
      null,
    ]);
    expect(body.rollouts[0].summary).toHaveLength(2);
    expect(body.modelRegistry?.served).toHaveLength(2);
  });

  it('names a cluster that forbids the lists, and still answers the registry', async () => {
    standIn.apiserverStatus = 403;
    const body = await get('fraud-scorer');
    expect(body.rollouts).toEqual([]);
    const cluster = body.sources.find(s => s.kind === 'kubernetes')!;
    expect(cluster).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(cluster.error!.message).toContain('(403)');
    expect(cluster.error!.message).toContain(
      'rollouts.argoproj.io is forbidden',
    );
    expect(JSON.stringify(body)).not.toContain('secret-sa-token');
    expect(calls.some(c => c.startsWith('prometheus '))).toBe(false);
    expect(body.modelRegistry).toMatchObject({
      registeredModel: { name: 'fraud-scorer' },
      served: [],
    });
  });

  it('says so when MLflow is unreachable, and serves the Kubernetes part', async () => {
    standIn.mlflow = 'down';
    const body = await get('fraud-scorer');
    expect(body.modelRegistry).toMatchObject({
      registry: 'mlflow',
      model: 'fraud-scorer',
      registeredModel: null,
      error: {
        kind: 'unreachable',
        message: expect.stringContaining(
          "MLflow registry 'mlflow' is unreachable",
        ),
      },
    });
    // The served versions are known from the pods, without their details.
    expect(body.modelRegistry!.served.map(s => [s.version, s.details])).toEqual(
      [
        ['7', null],
        ['8', null],
      ],
    );
    expect(body.sources.at(-1)).toMatchObject({
      kind: 'mlflow',
      name: 'mlflow',
      ok: false,
      requests: 1,
      error: { kind: 'unreachable' },
    });
    expect(body.rollouts).toHaveLength(1);
  });

  it('names the annotation when MLflow holds no model of that name', async () => {
    const body = await get('unregistered');
    expect(body.modelRegistry).toMatchObject({
      model: 'unregistered',
      registeredModel: null,
      error: { kind: 'not-configured' },
    });
    expect(body.modelRegistry!.error!.message).toBe(
      "Registered model 'unregistered' not found in MLflow registry 'mlflow'; set the annotation mlops-portal.io/mlflow-registered-model to the model's name in MLflow registry 'mlflow'",
    );
    expect(body.sources.at(-1)).toMatchObject({
      kind: 'mlflow',
      ok: false,
      requests: 1,
    });
    expect(body.rollouts[0].revisions).toHaveLength(3);
  });

  it('asks MLflow again for the next answer after a failure', async () => {
    standIn.mlflow = 'down';
    const server = await startPlugin();
    const ask = async (name: string) =>
      (await request(server).get(path(name)).set('authorization', user))
        .body as EntityDelivery;
    expect((await ask('fraud-scorer')).modelRegistry?.error?.kind).toBe(
      'unreachable',
    );
    standIn.mlflow = 'ok';
    // Another entity of the same model: the registry is asked again.
    const other = await ask('scorer-eu');
    expect(other.modelRegistry?.registeredModel?.name).toBe('fraud-scorer');
    expect(other.modelRegistry?.error).toBeUndefined();
  });

  it('answers in the local defaults too, where the sandbox config names no MLflow', async () => {
    standIn.mlflow = 'down';
    const server = await startPlugin({ localSandbox: true });
    const response = await request(server)
      .get(path('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    const body = response.body as EntityDelivery;
    // The cluster answered, so the sandbox runs: MLflow's own error is shown.
    expect(body.sources.at(-1)).toMatchObject({
      kind: 'mlflow',
      ok: false,
      error: { kind: 'unreachable' },
    });
    expect(body.sources.at(-1)!.localSandboxDown).toBeUndefined();
  });
});
