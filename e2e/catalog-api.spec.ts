import { expect, test } from '@playwright/test';
import { apiAuth } from './support';

type EntityList = {
  items: Array<{
    kind: string;
    metadata: {
      name: string;
      tags?: string[];
      annotations?: Record<string, string>;
    };
    spec?: Record<string, unknown>;
  }>;
};

test.describe('catalog API on PostgreSQL', () => {
  test('refuses a request without a token with 401 and a JSON error', async ({
    request,
  }) => {
    const response = await request.get('/api/catalog/entities');
    expect(response.status()).toBe(401);
    const body = await response.json();
    expect(body.error.name).toBe('AuthenticationError');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  test('refuses a wrong token with 401', async ({ request }) => {
    const response = await request.get('/api/catalog/entities', {
      headers: { Authorization: 'Bearer not-a-valid-token' },
    });
    expect(response.status()).toBe(401);
  });

  test('lists the example model services with their Kubernetes annotations', async ({
    request,
  }) => {
    // The catalog ingests the example files shortly after start-up.
    let services: EntityList['items'] = [];
    await expect
      .poll(
        async () => {
          const response = await request.get(
            '/api/catalog/entities/by-query?filter=kind=component,spec.type=model-service',
            { headers: apiAuth() },
          );
          expect(response.status()).toBe(200);
          services = ((await response.json()) as EntityList).items;
          return services.length;
        },
        { timeout: 60_000 },
      )
      .toBeGreaterThanOrEqual(6);

    for (const service of services) {
      const annotations = service.metadata.annotations ?? {};
      expect(annotations['backstage.io/kubernetes-id']).toBe(
        service.metadata.name,
      );
      expect(annotations['backstage.io/kubernetes-namespace']).toBeTruthy();
      expect(service.spec?.owner).toBeTruthy();
      expect(service.spec?.system).toBeTruthy();
    }
    const gpu = services.filter(s => s.metadata.tags?.includes('gpu'));
    const cpu = services.filter(s => s.metadata.tags?.includes('cpu'));
    expect(gpu.length).toBeGreaterThan(0);
    expect(cpu.length).toBeGreaterThan(0);
  });

  test('holds the rest of the example organisation', async ({ request }) => {
    const query = async (filter: string) => {
      const response = await request.get(
        `/api/catalog/entities/by-query?filter=${filter}`,
        { headers: apiAuth() },
      );
      expect(response.status()).toBe(200);
      return ((await response.json()) as EntityList).items;
    };
    await expect
      .poll(async () => (await query('kind=group,spec.type=team')).length, {
        timeout: 60_000,
      })
      .toBeGreaterThanOrEqual(3);
    expect((await query('kind=system')).length).toBeGreaterThanOrEqual(2);
    expect(
      (await query('kind=component,spec.type=training-pipeline')).length,
    ).toBeGreaterThanOrEqual(1);
    const resourceTypes = (await query('kind=resource')).map(r => r.spec?.type);
    expect(resourceTypes).toEqual(
      expect.arrayContaining([
        'gpu-cluster',
        'model-registry',
        'feature-store',
      ]),
    );
    const apis = await query('kind=api,spec.type=openapi');
    expect(apis.map(a => a.metadata.name)).toContain('fraud-scoring-api');
    expect(String(apis[0].spec?.definition)).toContain('openapi: 3.0.3');
    const portal = await query('kind=component,metadata.name=mlops-portal');
    expect(portal).toHaveLength(1);
  });

  test('answers an unknown entity with 404 and a message', async ({
    request,
  }) => {
    const response = await request.get(
      '/api/catalog/entities/by-name/component/default/no-such-service',
      { headers: apiAuth() },
    );
    expect(response.status()).toBe(404);
    expect((await response.json()).error.message).toMatch(/no-such-service/);
  });

  test('answers a malformed filter with 400, not 500', async ({ request }) => {
    const response = await request.get(
      '/api/catalog/entities/by-query?limit=-5',
      { headers: apiAuth() },
    );
    expect(response.status()).toBe(400);
    expect((await response.json()).error.name).toBe('InputError');
  });
});
