import fs from 'node:fs';
import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  SERVICEACCOUNT_CA_PATH,
} from '@backstage/plugin-kubernetes-common';
import {
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import type {
  KubeConfig,
  RequestContext,
  ResponseContext,
  V1Deployment,
  V1Pod,
} from '@kubernetes/client-node';
import { SourceErrorKind } from '@internal/plugin-mlops-common';
import { ClientNode, loadClientNode } from './clientNode';
import { KubernetesClusterAccessRegistry } from './clusterAccess';

/** Which objects belong to the entity. */
export interface WorkloadQuery {
  /** All namespaces when undefined. */
  namespace?: string;
  labelSelector: string;
}

/** What one cluster answered: its objects or a typed error. */
export type ClusterWorkloads =
  | {
      cluster: string;
      ok: true;
      deployments: V1Deployment[];
      pods: V1Pod[];
      requests: number;
      durationMs: number;
    }
  | {
      cluster: string;
      ok: false;
      error: { kind: SourceErrorKind; message: string };
      requests: number;
      durationMs: number;
    };

/** The clusters the kubernetes plugin locates an entity on. */
export type LocatedClusters =
  | { ok: true; clusters: ClusterDetails[] }
  | { ok: false; message: string };

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function kubeConfigFor(
  k8s: ClientNode,
  cluster: ClusterDetails,
  credential: KubernetesCredential,
): KubeConfig {
  const kc = new k8s.KubeConfig();
  const authProvider =
    cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
  if (
    authProvider === 'serviceAccount' &&
    !cluster.authMetadata.serviceAccountToken &&
    fs.existsSync(SERVICEACCOUNT_CA_PATH)
  ) {
    // The backend runs in this cluster: its own service account, as the kubernetes plugin does.
    kc.loadFromCluster();
    return kc;
  }
  let user: Record<string, string> = { name: 'backstage' };
  if (credential.type === 'bearer token') {
    user = { name: 'backstage', token: credential.token };
  } else if (credential.type === 'x509 client certificate') {
    user = {
      name: 'backstage',
      certData: base64(credential.cert),
      keyData: base64(credential.key),
    };
  }
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        skipTLSVerify: !!cluster.skipTLSVerify,
        caData: cluster.caData,
        caFile: cluster.caFile,
      },
    ],
    users: [user],
    contexts: [
      { name: cluster.name, cluster: cluster.name, user: 'backstage' },
    ],
    currentContext: cluster.name,
  });
  return kc;
}

/** A client-node middleware that makes the request abortable. */
export function withSignal(k8s: ClientNode, signal: AbortSignal) {
  return {
    middleware: [
      {
        pre: (ctx: RequestContext) => {
          ctx.setSignal(signal);
          return new k8s.Observable(Promise.resolve(ctx));
        },
        post: (rsp: ResponseContext) =>
          new k8s.Observable(Promise.resolve(rsp)),
      },
    ],
    middlewareMergeStrategy: 'append' as const,
  };
}

export function statusMessage(body: unknown): string | undefined {
  try {
    const parsed = typeof body === 'string' ? JSON.parse(body) : body;
    const message = (parsed as { message?: unknown })?.message;
    return typeof message === 'string' ? message.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lists the Deployments and pods of an entity in one cluster: one list call
 * per object type, with the entity's label selector, whatever the number of
 * replicas. Uses the clusters and credentials of the kubernetes plugin.
 */
export class KubernetesWorkloadReader {
  constructor(
    private readonly options: {
      registry: KubernetesClusterAccessRegistry;
      logger: LoggerService;
      timeoutMs: number;
      /** How long the first request waits for the kubernetes plugin to start. */
      startupWaitMs?: number;
    },
  ) {}

  async locate(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<LocatedClusters> {
    const access = await this.options.registry.get(
      this.options.startupWaitMs ?? 10_000,
    );
    if (!access) {
      return {
        ok: false,
        message:
          'The kubernetes plugin has provided no clusters: it needs a `kubernetes:` configuration and the mlops cluster-access module',
      };
    }
    try {
      const { clusters } = await access.serviceLocator.getClustersByEntity(
        entity,
        { objectTypesToFetch: new Set(), customResources: [], credentials },
      );
      return { ok: true, clusters };
    } catch (error) {
      this.options.logger.warn(
        `Could not locate the clusters of ${entity.metadata.name}: ${error}`,
      );
      return {
        ok: false,
        message: `The kubernetes plugin could not list its clusters: ${
          (error as Error).message
        }`,
      };
    }
  }

  async read(
    cluster: ClusterDetails,
    query: WorkloadQuery,
    signal?: AbortSignal,
  ): Promise<ClusterWorkloads> {
    const started = Date.now();
    const took = () => Date.now() - started;
    const access = await this.options.registry.get(0);
    let credential: KubernetesCredential;
    try {
      if (!access) throw new Error('no cluster access');
      credential = await access.authStrategy.getCredential(cluster, {});
    } catch (error) {
      return this.unsupportedAuth(cluster, took(), error);
    }
    const authProvider =
      cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
    if (
      credential.type === 'anonymous' &&
      authProvider !== 'localKubectlProxy'
    ) {
      return this.unsupportedAuth(cluster, took());
    }

    const k8s = await loadClientNode();
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const options = withSignal(
      k8s,
      signal ? AbortSignal.any([signal, timeout]) : timeout,
    );
    try {
      const kc = kubeConfigFor(k8s, cluster, credential);
      const apps = kc.makeApiClient(k8s.AppsV1Api);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      const { namespace, labelSelector } = query;
      const [deployments, pods] = await Promise.all([
        namespace
          ? apps.listNamespacedDeployment({ namespace, labelSelector }, options)
          : apps.listDeploymentForAllNamespaces({ labelSelector }, options),
        namespace
          ? core.listNamespacedPod({ namespace, labelSelector }, options)
          : core.listPodForAllNamespaces({ labelSelector }, options),
      ]);
      return {
        cluster: cluster.name,
        ok: true,
        deployments: deployments.items,
        pods: pods.items,
        requests: 2,
        durationMs: took(),
      };
    } catch (error) {
      return {
        cluster: cluster.name,
        ok: false,
        error: this.describe(k8s, cluster, error, timeout.aborted),
        requests: 2,
        durationMs: took(),
      };
    }
  }

  private unsupportedAuth(
    cluster: ClusterDetails,
    durationMs: number,
    error?: unknown,
  ): ClusterWorkloads {
    const provider =
      cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ?? 'unknown';
    const detail = error ? `: ${(error as Error).message}` : '';
    return {
      cluster: cluster.name,
      ok: false,
      error: {
        kind: 'unsupported-auth',
        message: `Cluster '${cluster.name}' uses the auth provider '${provider}', which gives the backend no credentials of its own${detail}`,
      },
      requests: 0,
      durationMs,
    };
  }

  private describe(
    k8s: ClientNode,
    cluster: ClusterDetails,
    error: unknown,
    timedOut: boolean,
  ): { kind: SourceErrorKind; message: string } {
    const name = cluster.name;
    if (timedOut) {
      return {
        kind: 'timeout',
        message: `Cluster '${name}' did not answer within ${this.options.timeoutMs} ms`,
      };
    }
    if (error instanceof k8s.ApiException) {
      const detail = statusMessage(error.body);
      const what = detail ? `: ${detail}` : '';
      if (error.code === 401) {
        return {
          kind: 'unauthorized',
          message: `Cluster '${name}' refused the portal's credentials (401)${what}`,
        };
      }
      if (error.code === 403) {
        return {
          kind: 'forbidden',
          message: `Cluster '${name}' forbids the portal to list Deployments or pods (403)${what}`,
        };
      }
      return {
        kind: 'bad-response',
        message: `Cluster '${name}' answered HTTP ${error.code}${what}`,
      };
    }
    const code =
      (error as { code?: string })?.code ??
      (error as { cause?: { code?: string } })?.cause?.code;
    if ((error as Error)?.name === 'AbortError') {
      return {
        kind: 'timeout',
        message: `The request to cluster '${name}' was cancelled`,
      };
    }
    return {
      kind: 'unreachable',
      message: `Cluster '${name}' is unreachable (${
        code ?? 'connection failed'
      })`,
    };
  }
}
