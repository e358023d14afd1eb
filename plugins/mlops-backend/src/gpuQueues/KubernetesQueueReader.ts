import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
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
  PageRequest,
} from '../upstream/kubernetes/listPages';
import {
  KUEUE_GROUP,
  KUEUE_VERSION,
  KUEUE_VISIBILITY_GROUP,
  KueueClusterQueue,
  KueueLocalQueue,
  KueuePendingWorkload,
  KueueWorkload,
} from './kueueTypes';

/** Kueue's objects of one namespace, and the ClusterQueues its LocalQueues name. */
export interface NamespaceQueues {
  workloads: KueueWorkload[];
  localQueues: KueueLocalQueue[];
  clusterQueues: KueueClusterQueue[];
  /**
   * Per LocalQueue with pending workloads, its pending workloads from
   * Kueue's visibility API; null when that API is not served.
   */
  pending: Map<string, KueuePendingWorkload[]> | null;
}

/** Every LocalQueue of a cluster, and the ClusterQueues they name. */
export interface ClusterWideQueues {
  localQueues: KueueLocalQueue[];
  clusterQueues: KueueClusterQueue[];
}

/**
 * A page of one kind of Kueue's objects, in a namespace or, without one, in
 * the whole cluster.
 */
function kueuePages<T>(
  { kc, k8s, options }: Pick<ClusterApi, 'kc' | 'k8s' | 'options'>,
  plural: string,
  namespace?: string,
): (page: PageRequest) => Promise<ListPage<T>> {
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const kind = { group: KUEUE_GROUP, version: KUEUE_VERSION, plural };
  return page =>
    (namespace
      ? custom.listNamespacedCustomObject(
          { ...kind, namespace, ...page },
          options,
        )
      : custom.listClusterCustomObject(
          { ...kind, ...page },
          options,
        )) as Promise<ListPage<T>>;
}

/**
 * Reads Kueue's Workloads and LocalQueues of a namespace, the ClusterQueues
 * those LocalQueues name, and the pending workloads of each LocalQueue with
 * any: three lists per cluster and one call per such LocalQueue. A cluster
 * without Kueue's CRDs answers empty lists.
 */
export class KubernetesQueueReader {
  private readonly clusters: ClusterCaller;

  constructor(options: {
    registry: KubernetesClusterAccessRegistry;
    timeoutMs: number;
    limits: ListLimits;
  }) {
    this.clusters = new ClusterCaller(options);
  }

  /** Every cluster the kubernetes plugin is configured with. */
  allClusters(credentials: BackstageCredentials): Promise<ClusterDetails[]> {
    return this.clusters.allClusters(credentials);
  }

  /**
   * Every LocalQueue of the cluster and the ClusterQueues they name (two
   * lists), for a team whose namespaces the caller picks from them.
   */
  readClusterWideQueues(
    cluster: ClusterDetails,
    signal?: AbortSignal,
  ): Promise<ClusterAnswer<ClusterWideQueues>> {
    const request = { what: "Kueue's queues", signal };
    return this.clusters.call(cluster, request, async api => {
      const [localQueues, clusterQueues] = await Promise.all([
        api.listIfServed(
          'Kueue LocalQueues',
          kueuePages<KueueLocalQueue>(api, 'localqueues'),
        ),
        api.listIfServed(
          'Kueue ClusterQueues',
          kueuePages<KueueClusterQueue>(api, 'clusterqueues'),
        ),
      ]);
      const named = new Set(localQueues?.map(q => q.spec?.clusterQueue));
      return {
        localQueues: localQueues ?? [],
        clusterQueues: (clusterQueues ?? []).filter(q =>
          named.has(q.metadata.name),
        ),
      };
    });
  }

  readQueues(
    cluster: ClusterDetails,
    namespace: string,
    signal?: AbortSignal,
  ): Promise<ClusterAnswer<NamespaceQueues>> {
    const request = { what: "Kueue's Workloads or queues", signal };
    return this.clusters.call(cluster, request, async api => {
      const { kc, k8s, options, listIfServed } = api;
      const custom = kc.makeApiClient(k8s.CustomObjectsApi);
      const where = { namespace };
      const [workloads, localQueues, clusterQueues] = await Promise.all([
        listIfServed(
          listedObjects('Kueue Workloads', where),
          kueuePages<KueueWorkload>(api, 'workloads', namespace),
        ),
        listIfServed(
          listedObjects('Kueue LocalQueues', where),
          kueuePages<KueueLocalQueue>(api, 'localqueues', namespace),
        ),
        listIfServed(
          'Kueue ClusterQueues',
          kueuePages<KueueClusterQueue>(api, 'clusterqueues'),
        ),
      ]);
      const named = new Set(localQueues?.map(q => q.spec?.clusterQueue));
      const waiting = (localQueues ?? []).filter(
        q => (q.status?.pendingWorkloads ?? 0) > 0,
      );
      let pending: NamespaceQueues['pending'] = new Map();
      for (const queue of waiting) {
        const name = queue.metadata.name ?? '';
        // The subresource's path: the generated client encodes the '/', which the apiserver decodes.
        const items = await listIfServed(
          `pending workloads of LocalQueue "${name}" in namespace "${namespace}"`,
          () =>
            custom.getNamespacedCustomObject(
              {
                group: KUEUE_VISIBILITY_GROUP,
                version: KUEUE_VERSION,
                namespace,
                plural: 'localqueues',
                name: `${name}/pendingworkloads`,
              },
              options,
            ) as Promise<ListPage<KueuePendingWorkload>>,
        ).catch(() => null);
        if (!items) {
          pending = null;
          break;
        }
        pending.set(name, items);
      }
      return {
        workloads: workloads ?? [],
        localQueues: localQueues ?? [],
        clusterQueues: (clusterQueues ?? []).filter(q =>
          named.has(q.metadata.name),
        ),
        pending,
      };
    });
  }
}
