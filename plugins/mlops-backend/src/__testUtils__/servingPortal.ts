import { Entity } from '@backstage/catalog-model';
import {
  EntityAlerts,
  ModelServingHealth,
  ServingHealthResponse,
} from '@internal/plugin-mlops-common';
import request from 'supertest';
import {
  exampleModelServices,
  sandboxCluster,
  sandboxEnabled,
  switchScenario,
} from './sandbox';
import {
  SandboxPortal,
  sandboxPrometheus,
  startSandboxPortal,
  user,
} from './sandboxPortal';

export { user };

/*
 * The serving-health suites against the sandbox: the example fleet, a
 * portal with short cache TTLs, and its answers as the tests read them.
 */
export const services = sandboxEnabled ? exampleModelServices() : [];
export const annotation = (name: string, key: string) =>
  services.find(s => s.metadata.name === name)!.metadata.annotations![key];

export async function startServingPortal(options: {
  clusters: object[];
  instances: object[];
  entities: Entity[];
}): Promise<SandboxPortal> {
  return startSandboxPortal({
    entities: options.entities,
    clusters: options.clusters,
    config: {
      // The sandbox's rules link runbooks under this portal URL.
      app: { baseUrl: 'http://localhost:3000' },
      mlops: {
        prometheus: { instances: options.instances },
        serving: { cacheTtl: '1s', kubernetesTimeout: '3s' },
        alerts: { cacheTtl: '1s' },
      },
    },
  });
}

/**
 * A portal over both clusters and the sandbox's Prometheus, with the fleet
 * and `entities`, for the enclosing describe (scenario `healthy` before and
 * after); and its answers.
 */
export function useServingPortal(entities: Entity[] = []) {
  // Scenarios take minutes to show in the metrics.
  jest.setTimeout(300_000);
  let portal: SandboxPortal | undefined;
  const server = () => portal!.server;

  beforeAll(async () => {
    switchScenario('healthy');
    portal = await startServingPortal({
      clusters: [sandboxCluster('EAST'), sandboxCluster('WEST')],
      instances: [sandboxPrometheus()],
      entities: [...services, ...entities],
    });
  });

  afterAll(async () => {
    await portal?.stop();
    switchScenario('healthy');
  });

  const health = async (name: string): Promise<ServingHealthResponse> => {
    const response = await request(server())
      .get(`/api/mlops/entities/component/default/${name}/serving-health`)
      .set('authorization', user);
    expect(response.status).toBe(200);
    return response.body;
  };
  const okHealth = async (name: string) => {
    const body = await health(name);
    expect(body.state).toBe('ok');
    return body as ModelServingHealth;
  };
  const entityAlerts = async (name: string): Promise<EntityAlerts> => {
    const response = await request(server())
      .get(`/api/mlops/entities/component/default/${name}/alerts`)
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.state).toBe('ok');
    return response.body;
  };
  const allHealth = async () =>
    Object.fromEntries(
      await Promise.all(
        services.map(
          async s =>
            [s.metadata.name, await okHealth(s.metadata.name)] as const,
        ),
      ),
    );
  return { server, health, okHealth, entityAlerts, allHealth };
}
