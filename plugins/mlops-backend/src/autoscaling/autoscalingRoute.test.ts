import { EntityAutoscaling } from '@internal/plugin-mlops-common';
import {
  everyTypeHpa,
  metricsMissingHpa,
  noStatusHpa,
} from './__fixtures__/hpas';
import request from 'supertest';
import {
  autoscalingPath as path,
  calls,
  standIn,
  startPlugin,
  user,
  useAutoscalingUpstream,
} from '../__testUtils__/autoscalingUpstream';

// Without --experimental-vm-modules jest cannot import() ESM; it can require it.
jest.mock('../upstream/kubernetes/clientNode', () => ({
  loadClientNode: async () => jest.requireActual('@kubernetes/client-node'),
}));

/* An entity's HPAs, their Events and replicas over time, odd HPAs included. */
describe('GET /api/mlops/.../autoscaling', () => {
  useAutoscalingUpstream();

  it('answers the HPAs, their Events and replicas from three lists and one query, then from the cache', async () => {
    const server = await startPlugin();
    const response = await request(server)
      .get(path('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    const body: EntityAutoscaling = response.body;
    expect(body.hpas).toHaveLength(1);
    expect(body.hpas[0]).toMatchObject({
      cluster: 'test-east',
      name: 'fraud-scorer',
      pinned: { at: 'max', replicas: 10 },
      currentReplicas: 10,
    });
    expect(body.hpas[0].summary[0]).toMatch(
      /^Capped at maxReplicas=10 for .+: raise maxReplicas or reduce load$/,
    );
    expect(body.events).toEqual([
      expect.objectContaining({
        hpa: 'fraud-scorer',
        reason: 'SuccessfulRescale',
        toReplicas: 10,
        count: 2,
      }),
    ]);
    expect(body.series[0]).toMatchObject({
      source: 'prometheus',
      hpa: 'fraud-scorer',
    });
    expect(
      body.series[0].points.map(p => [p.current, p.desired, p.min, p.max]),
    ).toEqual([
      [3, 10, null, 10],
      [10, 10, null, 10],
    ]);
    expect(body.sources.map(s => [s.kind, s.name, s.ok, s.requests])).toEqual([
      ['prometheus', 'main', true, 1],
      ['kubernetes', 'test-east', true, 3],
    ]);
    expect(
      calls.filter(c =>
        c.includes('labelSelector=backstage.io%2Fkubernetes-id%3Dfraud-scorer'),
      ),
    ).toHaveLength(2); // HPAs and ScaledObjects

    const again = await request(server)
      .get(path('fraud-scorer'))
      .set('authorization', user);
    expect(again.body.cached).toBe(true);
    expect(
      again.body.sources.map((s: { requests: number }) => s.requests),
    ).toEqual([0, 0]);
    expect(calls).toHaveLength(4);
  });

  it('shows odd HPAs as unknown rather than failing: no status, unknown metric types, huge numbers', async () => {
    standIn.hpas = [noStatusHpa, everyTypeHpa, metricsMissingHpa];
    const server = await startPlugin();
    const response = await request(server)
      .get(path('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    const [fresh, every, missing] = (response.body as EntityAutoscaling).hpas;
    expect(fresh).toMatchObject({
      statusMissing: true,
      currentReplicas: null,
      scaledObject: 'fresh-so',
    });
    expect(every.maxReplicas).toBe(2147483647);
    expect(
      every.metrics.map(m => [m.type, m.known, m.current?.display ?? null]),
    ).toEqual([
      ['ContainerResource', true, '1.2 GiB'],
      ['Object', true, 'unknown (lots)'],
      ['External', true, '0.25'],
      ['Telepathy', false, null],
    ]);
    expect(missing.conditions[1]).toMatchObject({
      reason: 'FailedGetPodsMetric',
      problem: true,
    });
  });

  it('adds the ScaledObjects of the entity; a 403 on them leaves the HPAs served and names the failure', async () => {
    standIn.scaledObjects = [
      {
        metadata: { name: 'fraud-scorer', namespace: 'fraud-ml' },
        spec: {
          scaleTargetRef: { name: 'fraud-scorer' },
          maxReplicaCount: 10,
          triggers: [{ type: 'cpu', metadata: { value: '70' } }],
        },
      },
    ];
    const server = await startPlugin();
    const ok: EntityAutoscaling = (
      await request(server).get(path('fraud-scorer')).set('authorization', user)
    ).body;
    expect(ok.scaledObjects).toEqual([
      expect.objectContaining({
        cluster: 'test-east',
        name: 'fraud-scorer',
        hpaName: 'keda-hpa-fraud-scorer',
        maxReplicaCount: 10,
        paused: false,
      }),
    ]);

    standIn.scaledObjectsStatus = 403;
    const other = await startPlugin();
    const response = await request(other)
      .get(path('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.hpas).toHaveLength(1);
    expect(response.body.scaledObjects).toEqual([]);
    expect(response.body.sources).toContainEqual(
      expect.objectContaining({
        name: 'test-east (KEDA ScaledObjects)',
        ok: false,
        error: {
          kind: 'forbidden',
          message:
            "Cluster 'test-east' forbids the portal to list KEDA ScaledObjects (403)",
        },
      }),
    );
  });
});
