import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type {
  CoreV1Event,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import {
  ClusterAnswer,
  ClusterCaller,
  ClusterError,
} from '../upstream/kubernetes/clusterCall';
import { KubernetesClusterAccessRegistry } from '../upstream/kubernetes/clusterAccess';
import type { ClientNode } from '../upstream/kubernetes/clientNode';
import {
  KEDA_GROUP,
  KEDA_VERSION,
  KedaScaledObject,
} from '../upstream/kubernetes/kedaTypes';
import {
  ListLimits,
  ListPage,
  listedObjects,
  ObjectBudget,
} from '../upstream/kubernetes/listPages';

/** Which HPAs to read; every namespace and every HPA when undefined. */
export interface AutoscalingQuery {
  namespace?: string;
  labelSelector?: string;
}

/** What one cluster answered: its HPAs and their Events, or a typed error. */
export type ClusterAutoscaling = ClusterAnswer<{
  hpas: V2HorizontalPodAutoscaler[];
  events: CoreV1Event[];
  /** KEDA's ScaledObjects; listed only in a namespace, [] without KEDA's CRD. */
  scaledObjects: KedaScaledObject[];
  /** Why the ScaledObjects could not be read (403, ...); the HPAs still are. */
  scaledObjectsError?: ClusterError;
}>;

/** Events the HPA controller writes about HPAs. */
const HPA_EVENTS = 'involvedObject.kind=HorizontalPodAutoscaler';

/**
 * Lists HorizontalPodAutoscalers (autoscaling/v2) and their Events in one
 * cluster, and in a namespace KEDA's ScaledObjects with the same label
 * selector (KEDA copies a ScaledObject's labels onto its HPA; a paused one
 * has no HPA): three lists, whatever the number of HPAs, each read in pages
 * under the ceiling of `mlops.limits`. Uses the clusters and credentials of
 * the kubernetes plugin.
 */
export class KubernetesAutoscalingReader {
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

  async read(
    cluster: ClusterDetails,
    query: AutoscalingQuery,
    signal?: AbortSignal,
    budget?: ObjectBudget,
  ): Promise<ClusterAutoscaling> {
    const request = {
      what: 'HorizontalPodAutoscalers or Events',
      signal,
      budget,
    };
    return this.clusters.call(
      cluster,
      request,
      async ({ kc, k8s, options, list, listIfServed }) => {
        const autoscaling = kc.makeApiClient(k8s.AutoscalingV2Api);
        const custom = kc.makeApiClient(k8s.CustomObjectsApi);
        const core = kc.makeApiClient(k8s.CoreV1Api);
        const { namespace, labelSelector } = query;
        const fieldSelector = HPA_EVENTS;
        const [hpas, events] = await Promise.all([
          list(listedObjects('HorizontalPodAutoscalers', query), page =>
            namespace
              ? autoscaling.listNamespacedHorizontalPodAutoscaler(
                  { namespace, labelSelector, ...page },
                  options,
                )
              : autoscaling.listHorizontalPodAutoscalerForAllNamespaces(
                  { labelSelector, ...page },
                  options,
                ),
          ),
          list(listedObjects('Events', { namespace, fieldSelector }), page =>
            namespace
              ? core.listNamespacedEvent(
                  { namespace, fieldSelector, ...page },
                  options,
                )
              : core.listEventForAllNamespaces(
                  { fieldSelector, ...page },
                  options,
                ),
          ),
        ]);
        let scaledObjects: KedaScaledObject[] = [];
        let scaledObjectsError: ClusterError | undefined;
        if (namespace) {
          // After the other lists: its failure must not cancel theirs.
          try {
            scaledObjects =
              (await listIfServed(
                listedObjects('ScaledObjects', query),
                page =>
                  custom.listNamespacedCustomObject(
                    {
                      group: KEDA_GROUP,
                      version: KEDA_VERSION,
                      plural: 'scaledobjects',
                      namespace,
                      labelSelector,
                      ...page,
                    },
                    options,
                  ) as Promise<ListPage<KedaScaledObject>>,
              )) ?? [];
          } catch (error) {
            scaledObjectsError = scaledObjectsFailure(k8s, cluster.name, error);
          }
        }
        return { hpas, events, scaledObjects, scaledObjectsError };
      },
    );
  }
}

function scaledObjectsFailure(
  k8s: ClientNode,
  cluster: string,
  error: unknown,
): ClusterError {
  if (error instanceof k8s.ApiException && error.code === 403) {
    return {
      kind: 'forbidden',
      message: `Cluster '${cluster}' forbids the portal to list KEDA ScaledObjects (403)`,
    };
  }
  return {
    kind: 'bad-response',
    message: `Cluster '${cluster}' did not list the KEDA ScaledObjects: ${
      error instanceof k8s.ApiException
        ? `HTTP ${error.code}`
        : (error as Error)?.message ?? String(error)
    }`,
  };
}
