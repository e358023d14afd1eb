import { expect, test } from '@playwright/test';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createServer } from 'node:net';
import { createServer as createHttpServer, Server } from 'node:http';
import { oauth2ProxyToken } from './signIn';

const repoRoot = path.resolve(__dirname, '..');
const backendDir = path.join(repoRoot, 'packages', 'backend');

/**
 * Starts the backend the way production does (NODE_ENV=production, the
 * production config on top of the defaults, TechDocs published locally),
 * from source through the Backstage CLI's TypeScript loader, with exactly
 * the given environment.
 */
function startProductionBackend(env: Record<string, string>): ChildProcess {
  return spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../app-config.production.yaml',
      '--config',
      '../../e2e/app-config.production-test.yaml',
    ],
    {
      cwd: backendDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'production',
        MLOPS_E2E_WORK_DIR: process.env.MLOPS_E2E_WORK_DIR ?? '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

function output(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', d => (text += d));
  child.stderr?.on('data', d => (text += d));
  return () => text;
}

async function freePort(): Promise<number> {
  return new Promise(resolve => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

/**
 * Serves a catalog file that a user registers: a Component and a
 * kubernetes-cluster Resource whose API server is this same server, which
 * records every other request it gets.
 */
async function startUserCatalogFile(): Promise<{
  server: Server;
  host: string;
  otherRequests: string[];
}> {
  const otherRequests: string[] = [];
  const server = createHttpServer((req, res) => {
    if (req.url !== '/catalog-info.yaml') {
      otherRequests.push(`${req.method} ${req.url}`);
      res.writeHead(404).end();
      return;
    }
    const { port } = server.address() as { port: number };
    res.writeHead(200, { 'Content-Type': 'text/yaml' }).end(`
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: user-registered-service
spec: { type: service, lifecycle: experimental, owner: fraud-ml }
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: user-registered-cluster
  annotations:
    kubernetes.io/api-server: http://127.0.0.1:${port}
    kubernetes.io/api-server-certificate-authority: ''
    kubernetes.io/auth-provider: google
spec: { type: kubernetes-cluster, owner: fraud-ml }
`);
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as { port: number };
  return { server, host: `127.0.0.1:${port}`, otherRequests };
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
    const userFile = await startUserCatalogFile();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const child = startProductionBackend({
      PORTAL_BASE_URL: baseUrl,
      PORTAL_PORT: String(port),
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: process.env.MLOPS_PG_PORT ?? '',
      POSTGRES_USER: 'postgres',
      POSTGRES_PASSWORD: 'unused-with-trust-auth',
      BACKEND_SECRET: 'e2e-backend-secret-0123456789',
      AUTH_SESSION_SECRET: 'e2e-session-secret-0123456789',
      AUTH_GITHUB_CLIENT_ID: 'e2e-client-id',
      AUTH_GITHUB_CLIENT_SECRET: 'e2e-client-secret',
      GITHUB_TOKEN: 'e2e-github-token',
      TECHDOCS_S3_BUCKET: 'e2e-techdocs',
      MLOPS_E2E_FIXTURE_HOST: userFile.host,
    });
    const text = output(child);
    try {
      await expect
        .poll(
          async () => {
            if (child.exitCode !== null) {
              throw new Error(`backend exited ${child.exitCode}:\n${text()}`);
            }
            const r = await request
              .get(`${baseUrl}/.backstage/health/v1/readiness`)
              .catch(() => undefined);
            return r?.status();
          },
          { timeout: 150_000, intervals: [1000] },
        )
        .toBe(200);

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

      // A user registers a file with a Component and a cluster Resource: the
      // Component is accepted, the Resource is not, and its "API server"
      // hears nothing.
      const registered = await request.post(
        `${baseUrl}/api/catalog/locations`,
        {
          headers: as(fraud),
          data: {
            type: 'url',
            target: `http://${userFile.host}/catalog-info.yaml`,
          },
        },
      );
      expect(registered.status()).toBe(201);
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
      child.kill('SIGTERM');
      await new Promise(resolve => child.on('exit', resolve));
    }
  });
});
