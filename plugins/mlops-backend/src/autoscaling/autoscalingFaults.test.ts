import { EntityAutoscaling } from '@internal/plugin-mlops-common';
import request from 'supertest';
import {
  autoscalingPath as path,
  standIn,
  startPlugin,
  user,
  useAutoscalingUpstream,
} from '../__testUtils__/autoscalingUpstream';

// Without --experimental-vm-modules jest cannot import() ESM; it can require it.
jest.mock('../upstream/kubernetes/clientNode', () => ({
  loadClientNode: async () => jest.requireActual('@kubernetes/client-node'),
}));

/* A refusing cluster or a failing Prometheus: the answer keeps the rest and names the source. */
describe('GET /api/mlops/.../autoscaling when sources fail', () => {
  useAutoscalingUpstream();

  it('answers without HPAs when the cluster forbids the lists, naming the 403', async () => {
    standIn.apiserverStatus = 403;
    const server = await startPlugin();
    const response = await request(server)
      .get(path('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.hpas).toEqual([]);
    expect(response.body.sources[1]).toMatchObject({
      kind: 'kubernetes',
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(response.body.sources[1].error.message).toContain('(403)');
    expect(JSON.stringify(response.body)).not.toContain('secret-sa-token');
  });

  it('falls back to the history for replicas when Prometheus fails, and says so', async () => {
    standIn.prometheusStatus = 500;
    const server = await startPlugin();
    const response = await request(server)
      .get(path('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    const body: EntityAutoscaling = response.body;
    expect(body.sources[0]).toMatchObject({
      kind: 'prometheus',
      ok: false,
      error: { kind: 'bad-response' },
    });
    expect(body.series[0].source).toBe('history');
    expect(body.series[0].points.at(-1)).toMatchObject({
      current: 10,
      desired: 10,
      min: 2,
      max: 10,
    });
    expect(body.hpas).toHaveLength(1);
  });
});
