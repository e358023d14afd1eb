import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import {
  ARGO_ROLLOUTS_GROUP,
  ARGO_ROLLOUTS_VERSION,
  ArgoAnalysisRun,
  ArgoRollout,
} from '../upstream/kubernetes/argoRolloutsTypes';
import {
  ClusterAnswer,
  ClusterCaller,
} from '../upstream/kubernetes/clusterCall';
import { KubernetesClusterAccessRegistry } from '../upstream/kubernetes/clusterAccess';
import {
  ListLimits,
  ListPage,
  listedObjects,
} from '../upstream/kubernetes/listPages';

/** The entity's objects: in its namespace, with its label selector. */
export interface DeliveryQuery {
  namespace: string;
  labelSelector: string;
}

/** What one cluster answered: the entity's delivery objects, or a typed error. */
export type ClusterDelivery = ClusterAnswer<{
  rollouts: ArgoRollout[];
  /** The namespace's AnalysisRuns; listed only when the entity has Rollouts. */
  analysisRuns: ArgoAnalysisRun[];
  replicaSets: V1ReplicaSet[];
  deployments: V1Deployment[];
}>;

const argo = (plural: string) => ({
  group: ARGO_ROLLOUTS_GROUP,
  version: ARGO_ROLLOUTS_VERSION,
  plural,
});

/**
 * Lists what an entity's new versions roll out with, in one cluster: its
 * Rollouts, ReplicaSets and Deployments by its label selector, then, only
 * when it has Rollouts, the AnalysisRuns of its namespace (they do not carry
 * the service's labels; the Rollouts own theirs). A cluster without Argo
 * Rollouts' API (404) has no Rollouts. Three or four lists whatever the
 * number of revisions, each read in pages under `mlops.limits`.
 */
export class KubernetesDeliveryReader {
  private readonly clusters: ClusterCaller;

  constructor(options: {
    registry: KubernetesClusterAccessRegistry;
    timeoutMs: number;
    limits: ListLimits;
  }) {
    this.clusters = new ClusterCaller(options);
  }

  async read(
    cluster: ClusterDetails,
    query: DeliveryQuery,
    signal?: AbortSignal,
  ): Promise<ClusterDelivery> {
    const request = {
      what: 'Rollouts, AnalysisRuns, ReplicaSets or Deployments',
      signal,
    };
    return this.clusters.call(
      cluster,
      request,
      async ({ kc, k8s, options, list, listIfServed }) => {
        const apps = kc.makeApiClient(k8s.AppsV1Api);
        const custom = kc.makeApiClient(k8s.CustomObjectsApi);
        const { namespace, labelSelector } = query;
        const [rollouts, replicaSets, deployments] = await Promise.all([
          listIfServed(
            listedObjects('Rollouts', query),
            page =>
              custom.listNamespacedCustomObject(
                { ...argo('rollouts'), namespace, labelSelector, ...page },
                options,
              ) as Promise<ListPage<ArgoRollout>>,
          ),
          list(listedObjects('ReplicaSets', query), page =>
            apps.listNamespacedReplicaSet(
              { namespace, labelSelector, ...page },
              options,
            ),
          ),
          list(listedObjects('Deployments', query), page =>
            apps.listNamespacedDeployment(
              { namespace, labelSelector, ...page },
              options,
            ),
          ),
        ]);
        const analysisRuns = rollouts?.length
          ? await listIfServed(
              listedObjects('AnalysisRuns', { namespace }),
              page =>
                custom.listNamespacedCustomObject(
                  { ...argo('analysisruns'), namespace, ...page },
                  options,
                ) as Promise<ListPage<ArgoAnalysisRun>>,
            )
          : [];
        return {
          rollouts: rollouts ?? [],
          analysisRuns: analysisRuns ?? [],
          replicaSets,
          deployments,
        };
      },
    );
  }
}
