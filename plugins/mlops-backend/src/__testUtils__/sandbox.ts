import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';

/**
 * Helpers of the sandbox suite: the sandbox that scripts/test.sh (stage
 * `health`) brought up, read through the variables `sandbox/bin/sandbox env`
 * prints.
 */
function findRepoRoot(): string {
  let dir = process.cwd();
  while (
    !fs.existsSync(path.join(dir, 'examples/ml-org/model-services.yaml'))
  ) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('run the tests inside the repository');
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot();

export const sandboxEnabled = process.env.MLOPS_SANDBOX_INTEGRATION === '1';

/** `describe` under scripts/test.sh health; skipped elsewhere (the unit stage). */
export const describeSandbox = sandboxEnabled ? describe : describe.skip;

export function env(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run this suite through scripts/test.sh health (it starts a sandbox)`,
    );
  }
  return value;
}

/** One sandbox cluster as the kubernetes plugin's config holds it; `token` replaces its service account token. */
export function sandboxCluster(name: 'EAST' | 'WEST', token?: string) {
  return {
    name: `sandbox-${name.toLowerCase()}`,
    url: env(`MLOPS_SANDBOX_${name}_URL`),
    authProvider: 'serviceAccount',
    serviceAccountToken: token ?? env(`MLOPS_SANDBOX_${name}_TOKEN`),
    skipTLSVerify: true,
    skipMetricsLookup: true,
  };
}

/** The model services of the example organisation, as the catalog holds them. */
export function exampleModelServices(): Entity[] {
  const file = path.join(REPO_ROOT, 'examples/ml-org/model-services.yaml');
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(d => d.toJSON() as Entity)
    .filter(e => e?.kind === 'Component')
    .map(e => ({
      ...e,
      metadata: { namespace: 'default', ...e.metadata },
    }));
}

/** A test model service, owned by fraud-ml unless `owner` says otherwise. */
export function component(
  name: string,
  annotations: Record<string, string>,
  owner = 'fraud-ml',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'model-service',
      lifecycle: 'production',
      owner,
    },
  };
}

/** Switches the sandbox's scenario with its own CLI. */
export function switchScenario(name: string): void {
  execFileSync(
    path.join(REPO_ROOT, 'sandbox/bin/sandbox'),
    ['scenario', name],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 120_000,
    },
  );
}

/** The services the simulator's current scenario acts on. */
export async function scenarioTargets(): Promise<string[]> {
  const response = await fetch(
    `${env('MLOPS_SANDBOX_SIMULATOR_URL')}/scenario`,
  );
  const body = (await response.json()) as { targets?: string[] };
  return body.targets ?? [];
}

/** One instant query straight to the sandbox's Prometheus, at `time`. */
export async function promql(
  query: string,
  time: string,
): Promise<number | null> {
  const response = await fetch(`${env('MLOPS_PROMETHEUS_URL')}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      query,
      time: (new Date(time).getTime() / 1000).toFixed(3),
    }),
  });
  const body = (await response.json()) as {
    data: { result: Array<{ value: [number, string] }> };
  };
  const sample = body.data.result[0];
  if (!sample) return null;
  const value = Number(sample.value[1]);
  return Number.isFinite(value) ? value : null;
}

/** Polls until `check` returns a value, or fails with the last thing seen. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!check(last)) {
    if (Date.now() > deadline) {
      throw new Error(
        `${what} within ${timeoutMs / 1000} s; last seen: ${JSON.stringify(
          last,
        ).slice(0, 2000)}`,
      );
    }
    await new Promise(r => setTimeout(r, 2000));
    last = await probe();
  }
  return last;
}

/** A TCP server that accepts connections and never answers: a hung upstream. */
export async function startSilentServer(): Promise<{
  port: number;
  close: () => Promise<void>;
}> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>(resolve => {
        sockets.forEach(s => s.destroy());
        server.close(() => resolve());
      }),
  };
}

/** Equal within a relative tolerance: both sides sum floats in their own order. */
export function expectClose(actual: number | null, expected: number | null) {
  if (expected === null || actual === null) {
    expect(actual).toBe(expected);
    return;
  }
  const tolerance = Math.max(Math.abs(expected) * 1e-9, 1e-12);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
}
