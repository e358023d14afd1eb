import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type {
  CoreV1Event,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { SourceErrorKind } from '@internal/plugin-mlops-common';
import { ClientNode, loadClientNode } from '../kubernetes/clientNode';
import { KubernetesClusterAccessRegistry } from '../kubernetes/clusterAccess';
import {
  kubeConfigFor,
  statusMessage,
  withSignal,
} from '../kubernetes/KubernetesWorkloadReader';

/** Which HPAs to read; every namespace and every HPA when undefined. */
export interface AutoscalingQuery {
  namespace?: string;
  labelSelector?: string;
}

type SourceError = { kind: SourceErrorKind; message: string };

/** What one cluster answered: its HPAs and their Events, or a typed error. */
export type ClusterAutoscaling =
  | {
      cluster: string;
      ok: true;
      hpas: V2HorizontalPodAutoscaler[];
      events: CoreV1Event[];
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

/** Events the HPA controller writes about HPAs. */
const HPA_EVENTS = 'involvedObject.kind=HorizontalPodAutoscaler';

/**
 * Lists HorizontalPodAutoscalers (autoscaling/v2) and their Events in one
 * cluster: two list calls, whatever the number of HPAs. Uses the clusters
 * and credentials of the kubernetes plugin.
 */
export class KubernetesAutoscalingReader {
  constructor(
    private readonly options: {
      registry: KubernetesClusterAccessRegistry;
      timeoutMs: number;
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

  async read(
    cluster: ClusterDetails,
    query: AutoscalingQuery,
    signal?: AbortSignal,
  ): Promise<ClusterAutoscaling> {
    const started = Date.now();
    const took = () => Date.now() - started;
    const failed = (
      error: SourceError,
      requests: number,
    ): ClusterAutoscaling => ({
      cluster: cluster.name,
      ok: false,
      error,
      requests,
      durationMs: took(),
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
      const autoscaling = kc.makeApiClient(k8s.AutoscalingV2Api);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      const { namespace, labelSelector } = query;
      const [hpas, events] = await Promise.all([
        namespace
          ? autoscaling.listNamespacedHorizontalPodAutoscaler(
              { namespace, labelSelector },
              options,
            )
          : autoscaling.listHorizontalPodAutoscalerForAllNamespaces(
              { labelSelector },
              options,
            ),
        namespace
          ? core.listNamespacedEvent(
              { namespace, fieldSelector: HPA_EVENTS },
              options,
            )
          : core.listEventForAllNamespaces(
              { fieldSelector: HPA_EVENTS },
              options,
            ),
      ]);
      return {
        cluster: cluster.name,
        ok: true,
        hpas: hpas.items,
        events: events.items,
        requests: 2,
        durationMs: took(),
      };
    } catch (error) {
      return failed(
        this.describe(k8s, cluster.name, error, timeout.aborted),
        2,
      );
    }
  }

  private describe(
    k8s: ClientNode,
    name: string,
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
      const what = detail ? `: ${detail}` : '';
      if (error.code === 401) {
        return {
          kind: 'unauthorized',
          message: `Cluster '${name}' refused the portal's credentials (401)${what}`,
        };
      }
      if (error.code === 403) {
        return {
          kind: 'forbidden',
          message: `Cluster '${name}' forbids the portal to list HorizontalPodAutoscalers or Events (403)${what}`,
        };
      }
      return {
        kind: 'bad-response',
        message: `Cluster '${name}' answered HTTP ${error.code}${what}`,
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
