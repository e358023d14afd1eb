import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterDetails,
  FetchResponseWrapper,
  KubernetesCredential,
  KubernetesFetcher,
  ObjectFetchParams,
} from '@backstage/plugin-kubernetes-node';

export interface TimeBoundFetcherOptions {
  /** How long one cluster may take to answer one call. */
  timeoutMs: number;
  /**
   * How long a cluster that did not answer in time is answered for by its
   * stored failure, unless its late call settles first.
   */
  retryAfterMs: number;
  logger: LoggerService;
  now?: () => number;
}

interface Stall {
  since: number;
  message: string;
}

const TIMED_OUT = Symbol('timed out');

/**
 * The kubernetes plugin's fetcher with a time bound per cluster. The stock
 * fetcher sets no timeout, so one hung apiserver holds the whole answer of
 * the Kubernetes tab (and every poll of it piles up). Here a cluster that
 * does not answer within `timeoutMs` becomes a FETCH_ERROR naming it, and the
 * other clusters' objects are answered; until its late call settles, or for
 * `retryAfterMs` at most, further calls for it get that error at once, so
 * viewers do not each wait the timeout and at most one call per interval is
 * left hanging on it.
 */
export class TimeBoundFetcher implements KubernetesFetcher {
  private readonly stalls = new Map<string, Stall>();
  private readonly now: () => number;

  constructor(
    private readonly inner: KubernetesFetcher,
    private readonly options: TimeBoundFetcherOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  fetchObjectsForService(
    params: ObjectFetchParams,
  ): Promise<FetchResponseWrapper> {
    return this.bounded(params.clusterDetails, () =>
      this.inner.fetchObjectsForService(params),
    );
  }

  fetchPodMetricsByNamespaces(
    clusterDetails: ClusterDetails,
    credential: KubernetesCredential,
    namespaces: Set<string>,
    labelSelector?: string,
  ): Promise<FetchResponseWrapper> {
    return this.bounded(clusterDetails, () =>
      this.inner.fetchPodMetricsByNamespaces(
        clusterDetails,
        credential,
        namespaces,
        labelSelector,
      ),
    );
  }

  private async bounded(
    cluster: ClusterDetails,
    call: () => Promise<FetchResponseWrapper>,
  ): Promise<FetchResponseWrapper> {
    const key = `${cluster.name}\n${cluster.url}`;
    const stall = this.stalls.get(key);
    if (stall && this.now() - stall.since < this.options.retryAfterMs) {
      return failure(stall.message);
    }
    // One call goes through; the others keep getting the stored failure.
    if (stall) stall.since = this.now();

    const pending = call();
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      pending,
      new Promise<typeof TIMED_OUT>(resolve => {
        timer = setTimeout(() => resolve(TIMED_OUT), this.options.timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));

    if (outcome !== TIMED_OUT) {
      this.stalls.delete(key);
      return outcome;
    }
    const since = this.now();
    const message = `Cluster ${cluster.name} did not answer within ${seconds(
      this.options.timeoutMs,
    )}; its objects are left out and the other clusters are shown. It is asked again when its late answer comes or after ${seconds(
      this.options.retryAfterMs,
    )}.`;
    this.stalls.set(key, { since, message });
    this.options.logger.warn(
      `Kubernetes tab: cluster ${cluster.name} did not answer within ${this.options.timeoutMs} ms`,
    );
    const settled = () => {
      if (this.stalls.get(key)?.since === since) this.stalls.delete(key);
    };
    pending.then(settled, settled);
    return failure(message);
  }
}

function failure(message: string): FetchResponseWrapper {
  return { errors: [{ errorType: 'FETCH_ERROR', message }], responses: [] };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
