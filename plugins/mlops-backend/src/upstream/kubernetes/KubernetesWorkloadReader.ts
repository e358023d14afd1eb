import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { ClusterAnswer, ClusterCaller } from './clusterCall';
import { KubernetesClusterAccessRegistry } from './clusterAccess';
import { ListLimits, ListPage, listedObjects } from './listPages';
import type { KServeInferenceService } from './kserveTypes';
import {
  ARGO_ROLLOUTS_GROUP,
  ARGO_ROLLOUTS_VERSION,
  ArgoRollout,
  ROLLOUT_HASH_LABEL,
} from './argoRolloutsTypes';

const INFERENCE_SERVICES = {
  group: 'serving.kserve.io',
  version: 'v1beta1',
  plural: 'inferenceservices',
};

/** Which objects belong to the entity. */
export interface WorkloadQuery {
  /** All namespaces when undefined. */
  namespace?: string;
  labelSelector: string;
}

/** What one cluster answered: its objects or a typed error. */
export type ClusterWorkloads = ClusterAnswer<{
  deployments: V1Deployment[];
  pods: V1Pod[];
  /**
   * The Argo Rollouts Rollouts of the entity: listed only when a pod carries
   * `rollouts-pod-template-hash`; empty when the cluster has no Rollouts API.
   */
  rollouts?: ArgoRollout[];
}>;

/** What one cluster answered of KServe: its InferenceServices, or none when it does not serve the API. */
export type ClusterInferenceServices = ClusterAnswer<{
  /** False when the cluster has no `serving.kserve.io/v1beta1` (404). */
  served: boolean;
  inferenceServices: KServeInferenceService[];
}>;

/** The clusters the kubernetes plugin locates an entity on. */
export type LocatedClusters =
  | { ok: true; clusters: ClusterDetails[] }
  | { ok: false; message: string };

/**
 * Lists the Deployments and pods of an entity in one cluster: one list call
 * per object type, with the entity's label selector, whatever the number of
 * replicas, read in pages under the ceiling of `mlops.limits`; and its
 * Rollouts only when its pods are a Rollout's. Uses the clusters and
 * credentials of the kubernetes plugin.
 */
export class KubernetesWorkloadReader {
  private readonly clusters: ClusterCaller;

  constructor(
    private readonly options: {
      registry: KubernetesClusterAccessRegistry;
      logger: LoggerService;
      timeoutMs: number;
      limits: ListLimits;
      /** How long the first request waits for the kubernetes plugin to start. */
      startupWaitMs?: number;
    },
  ) {
    this.clusters = new ClusterCaller(options);
  }

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
    const request = { what: 'Deployments or pods', signal };
    return this.clusters.call(
      cluster,
      request,
      async ({ kc, k8s, options, list, listIfServed }) => {
        const apps = kc.makeApiClient(k8s.AppsV1Api);
        const core = kc.makeApiClient(k8s.CoreV1Api);
        const { namespace, labelSelector } = query;
        const [deployments, pods] = await Promise.all([
          list(listedObjects('Deployments', query), page =>
            namespace
              ? apps.listNamespacedDeployment(
                  { namespace, labelSelector, ...page },
                  options,
                )
              : apps.listDeploymentForAllNamespaces(
                  { labelSelector, ...page },
                  options,
                ),
          ),
          list(listedObjects('pods', query), page =>
            namespace
              ? core.listNamespacedPod(
                  { namespace, labelSelector, ...page },
                  options,
                )
              : core.listPodForAllNamespaces(
                  { labelSelector, ...page },
                  options,
                ),
          ),
        ]);
        if (!pods.some(p => p.metadata?.labels?.[ROLLOUT_HASH_LABEL])) {
          return { deployments, pods };
        }
        // A Rollout runs these pods (the Deployment may be its template only).
        const custom = kc.makeApiClient(k8s.CustomObjectsApi);
        const rollouts = {
          group: ARGO_ROLLOUTS_GROUP,
          version: ARGO_ROLLOUTS_VERSION,
          plural: 'rollouts',
        };
        const listed = await listIfServed(
          listedObjects('Rollouts', query),
          page =>
            (namespace
              ? custom.listNamespacedCustomObject(
                  { ...rollouts, namespace, labelSelector, ...page },
                  options,
                )
              : custom.listCustomObjectForAllNamespaces(
                  { ...rollouts, labelSelector, ...page },
                  options,
                )) as Promise<ListPage<ArgoRollout>>,
        );
        return { deployments, pods, rollouts: listed ?? [] };
      },
    );
  }

  /**
   * Lists the KServe InferenceServices of one namespace: one list call,
   * read in pages like the workloads. A cluster without KServe's API
   * answers 404: no InferenceService there, not a failure.
   */
  async readInferenceServices(
    cluster: ClusterDetails,
    namespace: string,
    signal?: AbortSignal,
  ): Promise<ClusterInferenceServices> {
    const request = { what: 'InferenceServices', signal };
    return this.clusters.call(
      cluster,
      request,
      async ({ kc, k8s, options, list }) => {
        const custom = kc.makeApiClient(k8s.CustomObjectsApi);
        try {
          const inferenceServices = await list(
            listedObjects('InferenceServices', { namespace }),
            page =>
              custom.listNamespacedCustomObject(
                { ...INFERENCE_SERVICES, namespace, ...page },
                options,
              ) as Promise<ListPage<KServeInferenceService>>,
          );
          return { served: true, inferenceServices };
        } catch (error) {
          if (error instanceof k8s.ApiException && error.code === 404) {
            return { served: false, inferenceServices: [] };
          }
          throw error;
        }
      },
    );
  }
}
