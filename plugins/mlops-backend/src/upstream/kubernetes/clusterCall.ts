import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import {
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import type {
  KubeConfig,
  RequestContext,
  ResponseContext,
} from '@kubernetes/client-node';
import { SourceErrorKind } from '@internal/plugin-mlops-common';
import { ClientNode, loadClientNode } from './clientNode';
import { kubeConfigFor } from './kubeConfig';
import { KubernetesClusterAccessRegistry } from './clusterAccess';
import {
  ListLimits,
  ListPage,
  listPages,
  ObjectBudget,
  PageRequest,
  TooManyObjectsError,
} from './listPages';

export type ClusterError = { kind: SourceErrorKind; message: string };

/** What one cluster answered: the fields of T, or a typed error. */
export type ClusterAnswer<T extends object> =
  | ({ cluster: string; ok: true; requests: number; durationMs: number } & T)
  | {
      cluster: string;
      ok: false;
      error: ClusterError;
      requests: number;
      durationMs: number;
    };

/** What a call gets to talk to its cluster. */
export interface ClusterApi {
  kc: KubeConfig;
  k8s: ClientNode;
  /** Pass to every client-node call: it carries the timeout. */
  options: ReturnType<typeof withSignal>;
  /**
   * Reads a whole list page by page within the request's budget; `what`
   * names it (`listedObjects`) when it has too many objects. Every request
   * goes through here, so that the answer counts them.
   */
  list<T>(
    what: string,
    fetchPage: (page: PageRequest) => Promise<ListPage<T>>,
  ): Promise<T[]>;
  /**
   * `list` of a kind the cluster may not serve (its CRD not installed):
   * null when the apiserver answers 404, which fails neither the call nor
   * the other lists.
   */
  listIfServed<T>(
    what: string,
    fetchPage: (page: PageRequest) => Promise<ListPage<T>>,
  ): Promise<T[] | null>;
}

export interface ClusterRequest {
  /** What the call lists, for the 403 message, e.g. 'Deployments or pods'. */
  what: string;
  signal?: AbortSignal;
  /** A collector run's budget; without it each list gets `maxObjectsPerRead`. */
  budget?: ObjectBudget;
}

/**
 * Calls one cluster of the kubernetes plugin with its credentials and a
 * timeout, and turns every failure (auth the backend cannot use, 401, 403,
 * other statuses, timeouts, unreachable) into a typed error.
 */
export class ClusterCaller {
  constructor(
    private readonly options: {
      registry: KubernetesClusterAccessRegistry;
      timeoutMs: number;
      limits: ListLimits;
    },
  ) {}

  /** Every cluster the kubernetes plugin is configured with. */
  async allClusters(
    credentials: BackstageCredentials,
  ): Promise<ClusterDetails[]> {
    const access = await this.options.registry.get(10_000);
    if (!access) return [];
    return access.clusterSupplier.getClusters({ credentials });
  }

  /**
   * A KubeConfig with the cluster's credentials as its auth strategy gives
   * them now, for calls the caller makes itself (a watch); an error when the
   * backend has no credentials of its own for it.
   */
  async kubeConfig(
    cluster: ClusterDetails,
  ): Promise<{ kc: KubeConfig; k8s: ClientNode } | { error: ClusterError }> {
    const credential = await this.credentialOf(cluster);
    if ('error' in credential) return credential;
    const k8s = await loadClientNode();
    return { kc: kubeConfigFor(k8s, cluster, credential.credential), k8s };
  }

  private async credentialOf(
    cluster: ClusterDetails,
  ): Promise<{ credential: KubernetesCredential } | { error: ClusterError }> {
    const provider =
      cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ?? 'unknown';
    const unsupported = (detail = '') => ({
      error: {
        kind: 'unsupported-auth' as const,
        message: `Cluster '${cluster.name}' uses the auth provider '${provider}', which gives the backend no credentials of its own${detail}`,
      },
    });
    const access = await this.options.registry.get(0);
    let credential: KubernetesCredential;
    try {
      if (!access) throw new Error('no cluster access');
      credential = await access.authStrategy.getCredential(cluster, {});
    } catch (error) {
      return unsupported(`: ${(error as Error).message}`);
    }
    if (credential.type === 'anonymous' && provider !== 'localKubectlProxy') {
      return unsupported();
    }
    return { credential };
  }

  async call<T extends object>(
    cluster: ClusterDetails,
    request: ClusterRequest,
    fn: (api: ClusterApi) => Promise<T>,
  ): Promise<ClusterAnswer<T>> {
    const started = Date.now();
    const failed = (error: ClusterError, requests: number) => ({
      cluster: cluster.name,
      ok: false as const,
      error,
      requests,
      durationMs: Date.now() - started,
    });
    const credential = await this.credentialOf(cluster);
    if ('error' in credential) return failed(credential.error, 0);
    const k8s = await loadClientNode();
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const { signal } = request;
    const options = withSignal(
      k8s,
      signal ? AbortSignal.any([signal, timeout]) : timeout,
    );
    let requests = 0;
    // Once one list fails the call fails: the others ask for no more pages.
    let failure: unknown;
    const { limits } = this.options;
    const read = <Item>(
      what: string,
      fetchPage: (page: PageRequest) => Promise<ListPage<Item>>,
    ) =>
      listPages(
        page => {
          if (failure) throw failure;
          requests++;
          return fetchPage(page);
        },
        {
          pageSize: limits.pageSize,
          budget: request.budget ?? ObjectBudget.perRead(limits),
          what,
        },
      );
    const fail = (error: unknown): never => {
      failure ??= error;
      throw error;
    };
    const list: ClusterApi['list'] = (what, fetchPage) =>
      read(what, fetchPage).catch(fail);
    const listIfServed: ClusterApi['listIfServed'] = (what, fetchPage) =>
      read(what, fetchPage).catch(error =>
        error instanceof k8s.ApiException && error.code === 404
          ? null
          : fail(error),
      );
    try {
      const kc = kubeConfigFor(k8s, cluster, credential.credential);
      const value = await fn({ kc, k8s, options, list, listIfServed });
      return {
        ...value,
        cluster: cluster.name,
        ok: true,
        requests,
        durationMs: Date.now() - started,
      };
    } catch (error) {
      return failed(
        this.describe(k8s, cluster.name, request.what, error, timeout.aborted),
        requests,
      );
    }
  }

  private describe(
    k8s: ClientNode,
    name: string,
    what: string,
    error: unknown,
    timedOut: boolean,
  ): ClusterError {
    if (error instanceof TooManyObjectsError) {
      return { kind: 'too-many-objects', message: error.messageFor(name) };
    }
    if (timedOut) {
      return {
        kind: 'timeout',
        message: `Cluster '${name}' did not answer within ${this.options.timeoutMs} ms`,
      };
    }
    if (error instanceof k8s.ApiException) {
      const detail = statusMessage(error.body);
      const suffix = detail ? `: ${detail}` : '';
      if (error.code === 401) {
        return {
          kind: 'unauthorized',
          message: `Cluster '${name}' refused the portal's credentials (401)${suffix}`,
        };
      }
      if (error.code === 403) {
        return {
          kind: 'forbidden',
          message: `Cluster '${name}' forbids the portal to list ${what} (403)${suffix}`,
        };
      }
      return {
        kind: 'bad-response',
        message: `Cluster '${name}' answered HTTP ${error.code}${suffix}`,
      };
    }
    if ((error as Error)?.name === 'AbortError') {
      return {
        kind: 'timeout',
        message: `The request to cluster '${name}' was cancelled`,
      };
    }
    const code =
      (error as { code?: string })?.code ??
      (error as { cause?: { code?: string } })?.cause?.code;
    return {
      kind: 'unreachable',
      message: `Cluster '${name}' is unreachable (${
        code ?? 'connection failed'
      })`,
    };
  }
}

/** A client-node middleware that makes the request abortable. */
function withSignal(k8s: ClientNode, signal: AbortSignal) {
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

function statusMessage(body: unknown): string | undefined {
  try {
    const parsed = typeof body === 'string' ? JSON.parse(body) : body;
    const message = (parsed as { message?: unknown })?.message;
    return typeof message === 'string' ? message.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}
