import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type {
  CoreV1Event,
  KubeConfig,
  V1Job,
  V1Node,
  V1Pod,
} from '@kubernetes/client-node';
import { SourceErrorKind } from '@internal/plugin-mlops-common';
import { ClientNode, loadClientNode } from '../kubernetes/clientNode';
import { KubernetesClusterAccessRegistry } from '../kubernetes/clusterAccess';
import {
  kubeConfigFor,
  statusMessage,
  withSignal,
} from '../kubernetes/KubernetesWorkloadReader';

/** Label the Job controller puts on its pods (Kubernetes 1.27+). */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
/** Label of the Job's UID on its pods. */
export const JOB_UID_LABEL = 'batch.kubernetes.io/controller-uid';

type SourceError = { kind: SourceErrorKind; message: string };

/** What one cluster answered, or a typed error. */
export type ClusterAnswer<T> =
  | {
      cluster: string;
      ok: true;
      value: T;
      requests: number;
      durationMs: number;
    }
  | {
      cluster: string;
      ok: false;
      error: SourceError;
      requests: number;
      durationMs: number;
    };

/** Jobs, their pods and the nodes those run on. */
export interface ClusterJobs {
  jobs: V1Job[];
  pods: V1Pod[];
  nodes: Map<string, V1Node>;
}

/** Which Jobs to list; all namespaces and all Jobs when undefined. */
export interface JobQuery {
  namespace?: string;
  labelSelector?: string;
}

interface Api {
  kc: KubeConfig;
  k8s: ClientNode;
  options: ReturnType<typeof withSignal>;
}

/**
 * Reads Jobs, their pods, the GPU nodes and a job's Events from one cluster
 * with the kubernetes plugin's clusters and credentials: three list calls
 * per cluster whatever the number of jobs (nodes are cached between calls).
 */
export class KubernetesJobReader {
  private readonly nodeCache = new Map<
    string,
    { at: number; nodes: Map<string, V1Node> }
  >();

  constructor(
    private readonly options: {
      registry: KubernetesClusterAccessRegistry;
      timeoutMs: number;
      nodeCacheMs?: number;
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

  async readJobs(
    cluster: ClusterDetails,
    query: JobQuery,
    signal?: AbortSignal,
  ): Promise<ClusterAnswer<ClusterJobs>> {
    const cachedNodes = this.nodeCache.get(cluster.name);
    const nodesFresh =
      cachedNodes &&
      Date.now() - cachedNodes.at < (this.options.nodeCacheMs ?? 300_000);
    return this.call(
      cluster,
      nodesFresh ? 2 : 3,
      'Jobs, pods or nodes',
      signal,
      async ({ kc, k8s, options }) => {
        const batch = kc.makeApiClient(k8s.BatchV1Api);
        const core = kc.makeApiClient(k8s.CoreV1Api);
        const { namespace, labelSelector } = query;
        const podSelector = [labelSelector, JOB_NAME_LABEL]
          .filter(Boolean)
          .join(',');
        const [jobs, pods, nodes] = await Promise.all([
          namespace
            ? batch.listNamespacedJob({ namespace, labelSelector }, options)
            : batch.listJobForAllNamespaces({ labelSelector }, options),
          namespace
            ? core.listNamespacedPod(
                { namespace, labelSelector: podSelector },
                options,
              )
            : core.listPodForAllNamespaces(
                { labelSelector: podSelector },
                options,
              ),
          nodesFresh
            ? undefined
            : core.listNode({}, options).then(list => list.items),
        ]);
        const nodeMap = nodes
          ? new Map(nodes.map(n => [n.metadata?.name ?? '', n]))
          : cachedNodes!.nodes;
        if (nodes) {
          this.nodeCache.set(cluster.name, { at: Date.now(), nodes: nodeMap });
        }
        return { jobs: jobs.items, pods: pods.items, nodes: nodeMap };
      },
    );
  }

  /** The Events of a Job and of its pods. */
  async readEvents(
    cluster: ClusterDetails,
    namespace: string,
    names: string[],
    signal?: AbortSignal,
  ): Promise<ClusterAnswer<CoreV1Event[]>> {
    return this.call(cluster, 1, 'Events', signal, async api => {
      const core = api.kc.makeApiClient(api.k8s.CoreV1Api);
      const list = await core.listNamespacedEvent({ namespace }, api.options);
      const wanted = new Set(names);
      return list.items.filter(e => wanted.has(e.involvedObject?.name ?? ''));
    });
  }

  private async call<T>(
    cluster: ClusterDetails,
    requests: number,
    what: string,
    signal: AbortSignal | undefined,
    fn: (api: Api) => Promise<T>,
  ): Promise<ClusterAnswer<T>> {
    const started = Date.now();
    const failed = (error: SourceError, made: number): ClusterAnswer<T> => ({
      cluster: cluster.name,
      ok: false,
      error,
      requests: made,
      durationMs: Date.now() - started,
    });
    const provider =
      cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ?? 'unknown';
    const unsupported = (detail = '') =>
      failed(
        {
          kind: 'unsupported-auth',
          message: `Cluster '${cluster.name}' uses the auth provider '${provider}', which gives the backend no credentials of its own${detail}`,
        },
        0,
      );
    const access = await this.options.registry.get(0);
    let credential;
    try {
      if (!access) throw new Error('no cluster access');
      credential = await access.authStrategy.getCredential(cluster, {});
    } catch (error) {
      return unsupported(`: ${(error as Error).message}`);
    }
    if (credential.type === 'anonymous' && provider !== 'localKubectlProxy') {
      return unsupported();
    }
    const k8s = await loadClientNode();
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const options = withSignal(
      k8s,
      signal ? AbortSignal.any([signal, timeout]) : timeout,
    );
    try {
      const kc = kubeConfigFor(k8s, cluster, credential);
      const value = await fn({ kc, k8s, options });
      return {
        cluster: cluster.name,
        ok: true,
        value,
        requests,
        durationMs: Date.now() - started,
      };
    } catch (error) {
      return failed(
        this.describe(k8s, cluster.name, what, error, timeout.aborted),
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
  ): SourceError {
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
