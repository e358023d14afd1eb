import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type {
  V1Deployment,
  V1Node,
  V1Pod,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import {
  ClusterAnswer,
  ClusterCaller,
} from '../upstream/kubernetes/clusterCall';
import { listedObjects, ObjectBudget } from '../upstream/kubernetes/listPages';

/** Every object of one cluster the fleet is computed from. */
export type ClusterInventory = ClusterAnswer<{
  deployments: V1Deployment[];
  pods: V1Pod[];
  hpas: V2HorizontalPodAutoscaler[];
  nodes: V1Node[];
}>;

const ALL = {};

/**
 * One paginated list per object type of one cluster, in every namespace,
 * whatever the number of services: Deployments, pods, HPAs and nodes.
 * Every list of a run shares the run's object budget.
 */
export function readClusterInventory(
  caller: ClusterCaller,
  cluster: ClusterDetails,
  budget: ObjectBudget,
  signal?: AbortSignal,
): Promise<ClusterInventory> {
  const request = {
    what: 'Deployments, pods, HorizontalPodAutoscalers or nodes',
    signal,
    budget,
  };
  return caller.call(cluster, request, async ({ kc, k8s, options, list }) => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const autoscaling = kc.makeApiClient(k8s.AutoscalingV2Api);
    const [deployments, pods, hpas, nodes] = await Promise.all([
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
    ]);
    return { deployments, pods, hpas, nodes };
  });
}
