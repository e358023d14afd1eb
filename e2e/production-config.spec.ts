import { expect, test } from '@playwright/test';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createServer } from 'node:net';

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

  test('with its environment: PostgreSQL, GitHub sign-in, no guest', async ({
    request,
  }) => {
    test.setTimeout(180_000);
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
    } finally {
      child.kill('SIGTERM');
      await new Promise(resolve => child.on('exit', resolve));
    }
  });
});
