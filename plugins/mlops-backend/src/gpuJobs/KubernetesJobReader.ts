import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type {
  CoreV1Event,
  V1Job,
  V1Node,
  V1Pod,
} from '@kubernetes/client-node';
import {
  ClusterAnswer,
  ClusterApi,
  ClusterCaller,
} from '../upstream/kubernetes/clusterCall';
import { KubernetesClusterAccessRegistry } from '../upstream/kubernetes/clusterAccess';
import {
  ListLimits,
  ListPage,
  listedObjects,
  ObjectBudget,
  PageRequest,
} from '../upstream/kubernetes/listPages';
import {
  PYTORCHJOB_GROUP,
  PYTORCHJOB_PLURAL,
  PYTORCHJOB_VERSION,
  TRAINING_JOB_NAME_LABEL,
} from './pytorchJob';

/** Label the Job controller puts on its pods (Kubernetes 1.27+). */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
/** Label of the Job's UID on its pods. */
export const JOB_UID_LABEL = 'batch.kubernetes.io/controller-uid';

/** Jobs, their pods and the nodes those run on. */
export interface ClusterJobs {
  jobs: V1Job[];
  pods: V1Pod[];
  nodes: Map<string, V1Node>;
}

/** PyTorchJobs as listed (parsed by the caller) and their pods. */
export interface ClusterPyTorchJobs {
  pytorchJobs: unknown[];
  pods: V1Pod[];
}

/** Which Jobs to list; all namespaces and all Jobs when undefined. */
export interface JobQuery {
  namespace?: string;
  labelSelector?: string;
}

/** A page of the pods a label selector picks, in a namespace or in all. */
function podPages(
  { kc, k8s, options }: Pick<ClusterApi, 'kc' | 'k8s' | 'options'>,
  labelSelector: string,
  namespace?: string,
) {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  return (page: PageRequest) =>
    namespace
      ? core.listNamespacedPod({ namespace, labelSelector, ...page }, options)
      : core.listPodForAllNamespaces({ labelSelector, ...page }, options);
}

/**
 * Reads Jobs, their pods, the GPU nodes and a job's Events from one cluster
 * with the kubernetes plugin's clusters and credentials: three list calls
 * per cluster whatever the number of jobs (nodes are cached between calls),
 * each read in pages under the ceiling of `mlops.limits`.
 */
export class KubernetesJobReader {
  private readonly nodeCache = new Map<
    string,
    { at: number; nodes: Map<string, V1Node> }
  >();

  private readonly clusters: ClusterCaller;

  constructor(
    private readonly options: {
      registry: KubernetesClusterAccessRegistry;
      timeoutMs: number;
      limits: ListLimits;
      nodeCacheMs?: number;
    },
  ) {
    this.clusters = new ClusterCaller(options);
  }

  /** Every cluster the kubernetes plugin is configured with. */
  allClusters(credentials: BackstageCredentials): Promise<ClusterDetails[]> {
    return this.clusters.allClusters(credentials);
  }

  async readJobs(
    cluster: ClusterDetails,
    query: JobQuery,
    signal?: AbortSignal,
    budget?: ObjectBudget,
  ): Promise<ClusterAnswer<ClusterJobs>> {
    const cachedNodes = this.nodeCache.get(cluster.name);
    const nodesFresh =
      cachedNodes &&
      Date.now() - cachedNodes.at < (this.options.nodeCacheMs ?? 300_000);
    const request = { what: 'Jobs, pods or nodes', signal, budget };
    return this.clusters.call(cluster, request, async api => {
      const { kc, k8s, options, list } = api;
      const batch = kc.makeApiClient(k8s.BatchV1Api);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      const { namespace, labelSelector } = query;
      const podSelector = [labelSelector, JOB_NAME_LABEL]
        .filter(Boolean)
        .join(',');
      const podQuery = { namespace, labelSelector: podSelector };
      const [jobs, pods, nodes] = await Promise.all([
        list(listedObjects('Jobs', query), page =>
          namespace
            ? batch.listNamespacedJob(
                { namespace, labelSelector, ...page },
                options,
              )
            : batch.listJobForAllNamespaces(
                { labelSelector, ...page },
                options,
              ),
        ),
        list(
          listedObjects('Job pods', podQuery),
          podPages(api, podSelector, namespace),
        ),
        nodesFresh
          ? undefined
          : list('nodes', page => core.listNode(page, options)),
      ]);
      const nodeMap = nodes
        ? new Map(nodes.map(n => [n.metadata?.name ?? '', n]))
        : cachedNodes!.nodes;
      if (nodes) {
        this.nodeCache.set(cluster.name, { at: Date.now(), nodes: nodeMap });
      }
      return { jobs, pods, nodes: nodeMap };
    });
  }

  /**
   * Kubeflow PyTorchJobs (kubeflow.org/v1) and their pods: one list, and
   * one pods list by the Training Operator's job-name label when any is
   * found. A cluster without the PyTorchJob CRD answers none.
   */
  async readPyTorchJobs(
    cluster: ClusterDetails,
    query: JobQuery,
    signal?: AbortSignal,
  ): Promise<ClusterAnswer<ClusterPyTorchJobs>> {
    const request = { what: 'PyTorchJobs or their pods', signal };
    return this.clusters.call(cluster, request, async api => {
      const { kc, k8s, options, list, listIfServed } = api;
      const custom = kc.makeApiClient(k8s.CustomObjectsApi);
      const { namespace, labelSelector } = query;
      const kind = {
        group: PYTORCHJOB_GROUP,
        version: PYTORCHJOB_VERSION,
        plural: PYTORCHJOB_PLURAL,
        labelSelector,
      };
      const jobs =
        (await listIfServed(
          listedObjects('PyTorchJobs', query),
          page =>
            (namespace
              ? custom.listNamespacedCustomObject(
                  { ...kind, namespace, ...page },
                  options,
                )
              : custom.listClusterCustomObject(
                  { ...kind, ...page },
                  options,
                )) as Promise<ListPage<{ metadata?: { name?: string } }>>,
        )) ?? [];
      const names = [
        ...new Set(jobs.flatMap(j => j.metadata?.name ?? [])),
      ].sort();
      if (names.length === 0) return { pytorchJobs: jobs, pods: [] };
      const podSelector = `${TRAINING_JOB_NAME_LABEL} in (${names.join(',')})`;
      const podQuery = { namespace, labelSelector: podSelector };
      const pods = await list(
        listedObjects('PyTorchJob pods', podQuery),
        podPages(api, podSelector, namespace),
      );
      return { pytorchJobs: jobs, pods };
    });
  }

  /** The Events of a Job and of its pods. */
  async readEvents(
    cluster: ClusterDetails,
    namespace: string,
    names: string[],
    signal?: AbortSignal,
  ): Promise<ClusterAnswer<{ events: CoreV1Event[] }>> {
    const request = { what: 'Events', signal };
    return this.clusters.call(cluster, request, async api => {
      const core = api.kc.makeApiClient(api.k8s.CoreV1Api);
      const items = await api.list(
        listedObjects('Events', { namespace }),
        page => core.listNamespacedEvent({ namespace, ...page }, api.options),
      );
      const wanted = new Set(names);
      return {
        events: items.filter(e => wanted.has(e.involvedObject?.name ?? '')),
      };
    });
  }
}
