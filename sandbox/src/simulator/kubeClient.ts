import { Agent, request as httpsRequest } from 'node:https';
import { loadKubeconfig } from './kubeconfig';
import { collectionPath, objectPath, withQuery } from './kubePaths';
import { FIELD_MANAGER, KubeManifest } from './workloads';

export class KubeApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';
const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * A small JSON client for one apiserver: every call has a timeout and honours
 * an AbortSignal; requests share one keep-alive agent. (@kubernetes/client-node
 * supplies the manifest types only: loading it costs ~75 MB of RSS, more than
 * the rest of the simulator.)
 */
export class KubeClient {
  private constructor(
    readonly cluster: string,
    private readonly server: URL,
    private readonly agent: Agent,
    private readonly headers: Record<string, string>,
    private readonly defaultTimeoutMs: number,
  ) {}

  static async fromKubeconfig(
    cluster: string,
    kubeconfigPath: string,
    timeoutMs: number,
  ): Promise<KubeClient> {
    const access = await loadKubeconfig(kubeconfigPath);
    if (access.server.protocol !== 'https:') {
      throw new Error(
        `${kubeconfigPath}: only https apiservers are supported, got ${access.server.href}`,
      );
    }
    const agent = new Agent({
      keepAlive: true,
      maxSockets: 32,
      ca: access.ca,
      cert: access.cert,
      key: access.key,
      rejectUnauthorized: !access.insecureSkipTlsVerify,
      servername: access.tlsServerName,
    });
    const headers: Record<string, string> = access.token
      ? { authorization: `Bearer ${access.token}` }
      : {};
    return new KubeClient(cluster, access.server, agent, headers, timeoutMs);
  }

  async request<T>(
    method: string,
    path: string,
    options: CallOptions & { body?: unknown; contentType?: string } = {},
  ): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (options.signal) signals.push(options.signal);
    const signal = AbortSignal.any(signals);
    const payload =
      options.body === undefined ? undefined : JSON.stringify(options.body);
    const what = `${method} ${path.split('?')[0]}`;
    return new Promise<T>((resolve, reject) => {
      const req = httpsRequest(
        {
          agent: this.agent,
          protocol: this.server.protocol,
          hostname: this.server.hostname,
          port: this.server.port,
          path,
          method,
          signal,
          headers: {
            ...this.headers,
            accept: 'application/json',
            ...(payload
              ? {
                  'content-type': options.contentType ?? 'application/json',
                  'content-length': Buffer.byteLength(payload),
                }
              : {}),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            let parsed: unknown = undefined;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = undefined;
            }
            if (status >= 200 && status < 300) {
              resolve(parsed as T);
              return;
            }
            const body = parsed as
              | { message?: string; reason?: string }
              | undefined;
            reject(
              new KubeApiError(
                `${what}: ${status} ${body?.message ?? text.slice(0, 200)}`,
                status,
                body?.reason,
              ),
            );
          });
        },
      );
      req.on('error', error => {
        const message =
          signal.aborted && !options.signal?.aborted
            ? `timed out after ${timeoutMs} ms`
            : error.message;
        reject(new KubeApiError(`${what}: ${message}`));
      });
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Items of a list across all namespaces; served from the watch cache (resourceVersion=0). */
  async list<T>(
    kind: string,
    labelSelector: string | undefined,
    options: CallOptions = {},
  ): Promise<T[]> {
    const list = await this.request<{ items?: T[] }>(
      'GET',
      withQuery(collectionPath(kind), { labelSelector, resourceVersion: '0' }),
      options,
    );
    return list.items ?? [];
  }

  /** Server-side apply, taking ownership of the fields we set. */
  async apply(
    manifest: KubeManifest,
    options: CallOptions = {},
  ): Promise<void> {
    const meta = manifest.metadata!;
    await this.request(
      'PATCH',
      withQuery(objectPath(manifest.kind!, meta.name!, meta.namespace), {
        fieldManager: FIELD_MANAGER,
        force: 'true',
      }),
      { ...options, body: manifest, contentType: PATCH_CONTENT_TYPES.apply },
    );
  }

  async patch(
    path: string,
    body: unknown,
    type: PatchType,
    options: CallOptions = {},
  ): Promise<void> {
    await this.request(
      'PATCH',
      withQuery(path, { fieldManager: FIELD_MANAGER }),
      { ...options, body, contentType: PATCH_CONTENT_TYPES[type] },
    );
  }

  /** Deletes one object; a missing object counts as deleted. */
  async delete(path: string, options: CallOptions = {}): Promise<void> {
    try {
      await this.request('DELETE', path, {
        ...options,
        body: { propagationPolicy: 'Background' },
      });
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return;
      throw error;
    }
  }
}
