import { APIRequestContext, expect } from '@playwright/test';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createServer } from 'node:net';

const repoRoot = path.resolve(__dirname, '..');
const backendDir = path.join(repoRoot, 'packages', 'backend');

/**
 * Starts the backend the way production does (NODE_ENV=production, the
 * production config on top of the defaults, TechDocs published locally),
 * from source through the Backstage CLI's TypeScript loader, with exactly
 * the given environment and any further config files (paths from the repo root).
 */
export function startProductionBackend(
  env: Record<string, string>,
  extraConfigs: string[] = [],
  nodeArgs: string[] = [],
): ChildProcess {
  return spawn(
    process.execPath,
    [
      ...nodeArgs,
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      ...[
        'app-config.yaml',
        'app-config.production.yaml',
        'e2e/app-config.production-test.yaml',
        ...extraConfigs,
      ].flatMap(file => ['--config', `../../${file}`]),
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

/**
 * Starts the backend from the image folder (scripts/build-image-folder.sh,
 * what the container holds) as the container does, with exactly the given
 * environment and configs (paths relative to the folder, or absolute).
 */
export function startImageBackend(
  env: Record<string, string>,
  configs: string[],
): ChildProcess {
  const folder = process.env.MLOPS_IMAGE_FOLDER;
  if (!folder) {
    throw new Error(
      'MLOPS_IMAGE_FOLDER is not set: run the browser tests through scripts/test.sh',
    );
  }
  return spawn(
    process.execPath,
    ['packages/backend', ...configs.flatMap(file => ['--config', file])],
    {
      cwd: folder,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'production',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** Everything the child printed so far. */
export function output(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', d => (text += d));
  child.stderr?.on('data', d => (text += d));
  return () => text;
}

export async function freePort(): Promise<number> {
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

/** The environment the production config requires, with test values. */
export function productionEnv(port: number): Record<string, string> {
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
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
  };
}

/** Waits for readiness; fails with the backend's output when it exits first. */
export async function waitUntilReady(
  request: APIRequestContext,
  baseUrl: string,
  child: ChildProcess,
  text: () => string,
): Promise<void> {
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
}

export async function stopBackend(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise(resolve => child.on('exit', resolve));
}
