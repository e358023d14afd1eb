import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type {
  CoreV1Event,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import {
  ClusterAnswer,
  ClusterCaller,
} from '../upstream/kubernetes/clusterCall';
import { KubernetesClusterAccessRegistry } from '../upstream/kubernetes/clusterAccess';
import {
  ListLimits,
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
}>;

/** Events the HPA controller writes about HPAs. */
const HPA_EVENTS = 'involvedObject.kind=HorizontalPodAutoscaler';

/**
 * Lists HorizontalPodAutoscalers (autoscaling/v2) and their Events in one
 * cluster: two lists, whatever the number of HPAs, each read in pages under
 * the ceiling of `mlops.limits`. Uses the clusters and credentials of the
 * kubernetes plugin.
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
      async ({ kc, k8s, options, list }) => {
        const autoscaling = kc.makeApiClient(k8s.AutoscalingV2Api);
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
        return { hpas, events };
      },
    );
  }
}
