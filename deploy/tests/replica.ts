import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');
// The image folder's own app-config.yaml, then the test's overrides.
const configs = [
  'app-config.yaml',
  path.join(repoRoot, 'deploy/tests/app-config.replicas.yaml'),
];

/** One backend process of the portal, on its own port, logging to a file. */
export interface Replica {
  name: string;
  baseUrl: string;
  child: ChildProcess;
  logFile: string;
}

/**
 * How a replica is started: from the image folder (what the container
 * holds, scripts/build-image-folder.sh) named by MLOPS_IMAGE_FOLDER, as the
 * container starts it, with NODE_ENV=production.
 */
function backendCommand(): { cwd: string; args: string[] } {
  const imageFolder = process.env.MLOPS_IMAGE_FOLDER;
  if (!imageFolder) {
    throw new Error(
      'MLOPS_IMAGE_FOLDER is not set: run deploy/tests/replicas-test.sh',
    );
  }
  const configArgs = configs.flatMap(c => ['--config', c]);
  return { cwd: imageFolder, args: ['packages/backend', ...configArgs] };
}

export function startReplica(name: string, port: number): Replica {
  const logFile = path.join(
    process.env.MLOPS_REPLICAS_WORK_DIR!,
    `${name}.log`,
  );
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  const { cwd, args } = backendCommand();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    MLOPS_REPLICA_PORT: String(port),
  };
  delete env.NODE_PATH;
  const child = spawn(process.execPath, args, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Backstage's JSON log lines carry no time: each is stamped on arrival.
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', chunk => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines)
        log.write(`${new Date().toISOString()} ${line}\n`);
    });
  }
  child.once('exit', () => log.end());
  return { name, baseUrl: `http://127.0.0.1:${port}`, child, logFile };
}

/** The JSON log lines of a replica, each with `at`: when it was written. */
export function logLines(
  replica: Replica,
): Array<Record<string, string> & { at: number }> {
  return fs
    .readFileSync(replica.logFile, 'utf8')
    .split('\n')
    .flatMap(line => {
      const space = line.indexOf(' ');
      try {
        return [
          {
            ...JSON.parse(line.slice(space + 1)),
            at: Date.parse(line.slice(0, space)),
          },
        ];
      } catch {
        return [];
      }
    });
}

export async function stopReplica(replica: Replica): Promise<void> {
  if (replica.child.exitCode !== null || replica.child.signalCode) return;
  const exited = new Promise(resolve => replica.child.once('exit', resolve));
  replica.child.kill('SIGTERM');
  await exited;
}

export async function killReplica(replica: Replica): Promise<void> {
  const exited = new Promise(resolve => replica.child.once('exit', resolve));
  replica.child.kill('SIGKILL');
  await exited;
}
