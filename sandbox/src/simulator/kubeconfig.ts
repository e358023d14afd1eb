import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * Where and how to reach an apiserver, from the current context of a
 * kubeconfig. Covers what kwokctl and kind write (client certificates or a
 * bearer token); exec and auth-provider plugins are not supported.
 */
export interface ApiserverAccess {
  server: URL;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  token?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
}

const clusterSchema = z.object({
  server: z.string().url(),
  'certificate-authority': z.string().optional(),
  'certificate-authority-data': z.string().optional(),
  'insecure-skip-tls-verify': z.boolean().optional(),
  'tls-server-name': z.string().optional(),
});

const userSchema = z.object({
  'client-certificate': z.string().optional(),
  'client-certificate-data': z.string().optional(),
  'client-key': z.string().optional(),
  'client-key-data': z.string().optional(),
  token: z.string().optional(),
  exec: z.unknown().optional(),
});

const kubeconfigSchema = z.object({
  'current-context': z.string().min(1, 'current-context is empty'),
  clusters: z
    .array(z.object({ name: z.string(), cluster: clusterSchema }))
    .default([]),
  contexts: z
    .array(
      z.object({
        name: z.string(),
        context: z.object({ cluster: z.string(), user: z.string().optional() }),
      }),
    )
    .default([]),
  users: z
    .array(z.object({ name: z.string(), user: userSchema.nullish() }))
    .default([]),
});

/** The cluster and user of the current context; pure, so it can be tested without files. */
export function resolveKubeconfig(
  text: string,
  source: string,
): {
  cluster: z.infer<typeof clusterSchema>;
  user: z.infer<typeof userSchema>;
} {
  const parsed = kubeconfigSchema.safeParse(parse(text));
  if (!parsed.success) {
    throw new Error(
      `${source}: ${parsed.error.issues
        .map(i => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
  const config = parsed.data;
  const contextName = config['current-context'];
  const context = config.contexts.find(c => c.name === contextName)?.context;
  if (!context)
    throw new Error(`${source}: context "${contextName}" not found`);
  const cluster = config.clusters.find(
    c => c.name === context.cluster,
  )?.cluster;
  if (!cluster)
    throw new Error(`${source}: cluster "${context.cluster}" not found`);
  const user = config.users.find(u => u.name === context.user)?.user ?? {};
  if (user.exec) {
    throw new Error(
      `${source}: user "${context.user}" uses an exec plugin, which the simulator does not support`,
    );
  }
  return { cluster, user };
}

async function material(
  base: string,
  file: string | undefined,
  data: string | undefined,
): Promise<Buffer | undefined> {
  if (data) return Buffer.from(data, 'base64');
  if (file) return readFile(isAbsolute(file) ? file : join(base, file));
  return undefined;
}

export async function loadKubeconfig(path: string): Promise<ApiserverAccess> {
  const { cluster, user } = resolveKubeconfig(
    await readFile(path, 'utf8'),
    path,
  );
  const base = dirname(path);
  return {
    server: new URL(cluster.server),
    ca: await material(
      base,
      cluster['certificate-authority'],
      cluster['certificate-authority-data'],
    ),
    cert: await material(
      base,
      user['client-certificate'],
      user['client-certificate-data'],
    ),
    key: await material(base, user['client-key'], user['client-key-data']),
    token: user.token,
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] ?? false,
    tlsServerName: cluster['tls-server-name'],
  };
}
