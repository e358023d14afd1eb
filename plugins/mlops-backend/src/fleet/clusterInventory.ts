import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type {
  V1Deployment,
  V1Node,
  V1Pod,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import {
  ARGO_ROLLOUTS_GROUP,
  ARGO_ROLLOUTS_VERSION,
  ArgoRollout,
} from '../upstream/kubernetes/argoRolloutsTypes';
import {
  ClusterAnswer,
  ClusterCaller,
} from '../upstream/kubernetes/clusterCall';
import {
  listedObjects,
  ListPage,
  ObjectBudget,
} from '../upstream/kubernetes/listPages';

/** Every object of one cluster the fleet is computed from. */
export type ClusterInventory = ClusterAnswer<{
  deployments: V1Deployment[];
  pods: V1Pod[];
  hpas: V2HorizontalPodAutoscaler[];
  nodes: V1Node[];
  /** Argo Rollouts' Rollouts; empty (or absent) when the cluster has no Rollouts API. */
  rollouts?: ArgoRollout[];
}>;

const ALL = {};

/**
 * One paginated list per object type of one cluster, in every namespace,
 * whatever the number of services: Deployments, pods, HPAs, nodes and
 * Rollouts (whose pods a Deployment of 0 replicas only describes).
 * Every list of a run shares the run's object budget.
 */
export function readClusterInventory(
  caller: ClusterCaller,
  cluster: ClusterDetails,
  budget: ObjectBudget,
  signal?: AbortSignal,
): Promise<ClusterInventory> {
  const request = {
    what: 'Deployments, pods, HorizontalPodAutoscalers, nodes or Rollouts',
    signal,
    budget,
  };
  return caller.call(cluster, request, async api => {
    const { kc, k8s, options, list, listIfServed } = api;
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const autoscaling = kc.makeApiClient(k8s.AutoscalingV2Api);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const [deployments, pods, hpas, nodes, rollouts] = await Promise.all([
      list(listedObjects('Deployments', ALL), page =>
        apps.listDeploymentForAllNamespaces(page, options),
      ),
      list(listedObjects('pods', ALL), page =>
        core.listPodForAllNamespaces(page, options),
      ),
      list(listedObjects('HorizontalPodAutoscalers', ALL), page =>
        autoscaling.listHorizontalPodAutoscalerForAllNamespaces(page, options),
      ),
      list(listedObjects('nodes', ALL), page => core.listNode(page, options)),
      listIfServed(
        listedObjects('Rollouts', ALL),
        page =>
          custom.listCustomObjectForAllNamespaces(
            {
              group: ARGO_ROLLOUTS_GROUP,
              version: ARGO_ROLLOUTS_VERSION,
              plural: 'rollouts',
              ...page,
            },
            options,
          ) as Promise<ListPage<ArgoRollout>>,
      ),
    ]);
    return { deployments, pods, hpas, nodes, rollouts: rollouts ?? [] };
  });
}
