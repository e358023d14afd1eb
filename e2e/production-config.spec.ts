import { expect, test } from '@playwright/test';
import { oauth2ProxyToken } from './signIn';
import { serveUserCatalogFiles } from './userCatalogFiles';
import {
  freePort,
  output,
  productionEnv,
  startProductionBackend,
  stopBackend,
  waitUntilReady,
} from './productionBackend';

/**
 * The catalog files a user registers: a Component, and a kubernetes-cluster
 * Resource whose API server is the server of these files, which records
 * every other request it gets.
 */
function userCatalogFiles(port: number): Record<string, string> {
  return {
    '/service.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: user-registered-service
spec: { type: service, lifecycle: experimental, owner: fraud-ml }
`,
    '/cluster.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: user-registered-cluster
  annotations:
    kubernetes.io/api-server: http://127.0.0.1:${port}
    kubernetes.io/api-server-certificate-authority: ''
    kubernetes.io/auth-provider: google
spec: { type: kubernetes-cluster, owner: fraud-ml }
`,
  };
}

test.describe('production configuration', () => {
  test('refuses to start without its environment, naming every missing variable', async () => {
    const child = startProductionBackend({});
    const text = output(child);
    const code = await new Promise<number | null>(resolve =>
      child.on('exit', resolve),
    );
    expect(code).toBe(78);
    for (const name of [
      'PORTAL_BASE_URL',
      'POSTGRES_HOST',
      'POSTGRES_USER',
      'POSTGRES_PASSWORD',
      'BACKEND_SECRET',
      'AUTH_SESSION_SECRET',
      'AUTH_GITHUB_CLIENT_ID',
      'AUTH_GITHUB_CLIENT_SECRET',
      'GITHUB_TOKEN',
      'TECHDOCS_S3_BUCKET',
    ]) {
      expect(text()).toContain(name);
    }
    expect(text()).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  test('with its environment: PostgreSQL, GitHub sign-in, no guest, the mlops policy', async ({
    request,
  }) => {
    test.setTimeout(240_000);
    const userFile = await serveUserCatalogFiles(userCatalogFiles);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const child = startProductionBackend({
      ...productionEnv(port),
      MLOPS_E2E_FIXTURE_HOST: userFile.host,
    });
    const text = output(child);
    try {
      await waitUntilReady(request, baseUrl, child, text);

      const guest = await request.get(`${baseUrl}/api/auth/guest/refresh`);
      expect(guest.status()).toBe(404);

      const github = await request.get(
        `${baseUrl}/api/auth/github/start?env=production`,
        { maxRedirects: 0 },
      );
      expect(github.status()).toBe(302);
      expect(github.headers().location).toMatch(
        /^https:\/\/github\.com\/login\/oauth\/authorize\?.*client_id=e2e-client-id/,
      );

      const noToken = await request.get(`${baseUrl}/api/catalog/entities`);
      expect(noToken.status()).toBe(401);
      expect(JSON.stringify(await noToken.json())).not.toContain('stack');
      expect(text()).not.toContain('e2e-client-secret');
      expect(text()).not.toContain('e2e-session-secret');

      // Two users of different groups sign in through oauth2-proxy's headers.
      const platform = await oauth2ProxyToken(request, baseUrl, 'amara.okafor');
      const fraud = await oauth2ProxyToken(request, baseUrl, 'priya.raman');
      const as = (token: string) => ({ Authorization: `Bearer ${token}` });

      // The mlops policy, not allow-all: the fleet views are the platform's.
      const fleetRead = async (token: string) => {
        const response = await request.post(
          `${baseUrl}/api/permission/authorize`,
          {
            headers: as(token),
            data: {
              items: [
                {
                  id: '1',
                  permission: {
                    type: 'basic',
                    name: 'mlops.fleet.read',
                    attributes: { action: 'read' },
                  },
                },
              ],
            },
          },
        );
        expect(response.status()).toBe(200);
        return (await response.json()).items[0].result;
      };
      expect(await fleetRead(platform)).toBe('ALLOW');
      expect(await fleetRead(fraud)).toBe('DENY');

      // A user registers a Component and a cluster Resource: the Component
      // is accepted, the Resource is not (the production catalog rules take
      // Resources from admin locations only; a file holding one is refused
      // whole), and its "API server" hears nothing.
      for (const file of ['/cluster.yaml', '/service.yaml']) {
        const registered = await request.post(
          `${baseUrl}/api/catalog/locations`,
          {
            headers: as(fraud),
            data: { type: 'url', target: `http://${userFile.host}${file}` },
          },
        );
        expect(registered.status()).toBe(201);
      }
      const entity = (kind: string, name: string) =>
        request.get(
          `${baseUrl}/api/catalog/entities/by-name/${kind}/default/${name}`,
          { headers: as(platform) },
        );
      await expect
        .poll(
          async () =>
            (await entity('component', 'user-registered-service')).status(),
          { timeout: 60_000, intervals: [1000] },
        )
        .toBe(200);
      expect(
        (await entity('resource', 'user-registered-cluster')).status(),
      ).toBe(404);
      expect(userFile.otherRequests).toEqual([]);
    } finally {
      userFile.server.close();
      await stopBackend(child);
    }
  });
});
