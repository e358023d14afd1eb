import type { ModelService } from './fleet';
import type { KubeClient } from './kubeClient';
import { objectPath } from './kubePaths';
import {
  hpaNameOf,
  kedaHpaManifest,
  nextPoll,
  pauseOf,
  ScaledObject,
  scaledObjectManifest,
  scaledObjectStatus,
  ScalerPoll,
} from './keda';
import type { SimulatorLogger } from './log';
import type { ClusterSnapshot } from './snapshot';
import { specHash } from './workloads';

const PROMETHEUS_TIMEOUT_MS = 3_000;

/**
 * Stands in for KEDA's operator in one cluster, for the services scaled by
 * a ScaledObject: creates the ScaledObject once, then every tick writes the
 * HPA KEDA would (or deletes it while paused, and scales the Deployment to
 * the paused replicas) and the ScaledObject's status. The prometheus
 * trigger's query is polled against the sandbox Prometheus every
 * `pollingInterval`, so its health and KEDA's fallback follow Prometheus.
 * KEDA's metrics server does not run: no one answers the HPA's External
 * metric, so kube-controller-manager scales on the cpu trigger only.
 */
export class KedaOperatorStandIn {
  private readonly created = new Set<string>();
  private readonly hpaWritten = new Map<string, string>();
  private readonly polls = new Map<string, ScalerPoll & { atMs: number }>();

  constructor(
    private readonly o: {
      client: KubeClient;
      services: readonly ModelService[];
      prometheusUrl: string | undefined;
      log: SimulatorLogger;
    },
  ) {}

  async sync(snapshot: ClusterSnapshot, signal: AbortSignal): Promise<void> {
    for (const service of this.o.services) {
      try {
        await this.syncOne(service, snapshot, signal);
        this.o.log.clear(`${this.o.client.cluster}:keda:${service.name}`);
      } catch (error) {
        if (signal.aborted) throw error;
        // KEDA's CRDs missing or the namespace not there yet: retried next tick.
        this.o.log.once(
          `${this.o.client.cluster}:keda:${service.name}`,
          `${this.o.client.cluster}: ScaledObject ${service.namespace}/${
            service.name
          } not reconciled: ${(error as Error).message}`,
        );
      }
    }
  }

  private async syncOne(
    service: ModelService,
    snapshot: ClusterSnapshot,
    signal: AbortSignal,
  ): Promise<void> {
    const { client } = this.o;
    const key = `${service.namespace}/${service.name}`;
    const opts = { signal };
    if (!this.created.has(key)) {
      await client.apply(
        scaledObjectManifest(service, this.o.prometheusUrl ?? ''),
        opts,
      );
      this.created.add(key);
    }
    const so = await client.request<ScaledObject>(
      'GET',
      objectPath('ScaledObject', service.name, service.namespace),
      opts,
    );
    const nowMs = Date.now();
    const hpaName = hpaNameOf(so);
    const hpa = snapshot.hpas.find(
      h =>
        h.metadata.namespace === service.namespace &&
        h.metadata.name === hpaName,
    );
    const deployment = snapshot.deployments.find(
      d =>
        d.metadata.namespace === service.namespace &&
        d.metadata.name === so.spec.scaleTargetRef.name,
    );
    const pause = pauseOf(so);
    if (pause.paused) {
      if (hpa) {
        await client.delete(
          objectPath('HorizontalPodAutoscaler', hpaName, service.namespace),
          opts,
        );
        this.o.log.info(
          `${client.cluster}: ScaledObject ${key} paused: HPA ${hpaName} deleted`,
        );
      }
      this.hpaWritten.delete(key);
      const current = deployment?.spec?.replicas;
      if (pause.replicas !== undefined && current !== pause.replicas) {
        await client.patch(
          objectPath(
            'Deployment',
            so.spec.scaleTargetRef.name,
            service.namespace,
            'scale',
          ),
          { spec: { replicas: pause.replicas } },
          'merge',
          opts,
        );
        this.o.log.info(
          `${client.cluster}: ScaledObject ${key} paused: scaled to ${pause.replicas}`,
        );
      }
    } else {
      const manifest = kedaHpaManifest(so);
      const hash = specHash(manifest);
      if (!hpa || this.hpaWritten.get(key) !== hash) {
        await client.apply(manifest, opts);
        this.hpaWritten.set(key, hash);
      }
    }
    const poll = await this.poll(key, so, nowMs, signal);
    const status = scaledObjectStatus({
      so,
      hpa,
      deploymentReplicas: deployment?.spec?.replicas,
      poll,
      nowMs,
    });
    if (canonical(so.status ?? {}) !== canonical(status)) {
      await client.patch(
        objectPath('ScaledObject', service.name, service.namespace, 'status'),
        { status },
        'merge',
        opts,
      );
    }
  }

  /** The prometheus trigger's query, every pollingInterval, as KEDA's scale loop runs it. */
  private async poll(
    key: string,
    so: ScaledObject,
    nowMs: number,
    signal: AbortSignal,
  ): Promise<ScalerPoll | undefined> {
    const previous = this.polls.get(key);
    const interval = (so.spec.pollingInterval ?? 30) * 1000;
    const trigger = so.spec.triggers.find(t => t.type === 'prometheus');
    if (!trigger || (previous && nowMs - previous.atMs < interval)) {
      return previous;
    }
    const result = await queryScalar(
      trigger.metadata.serverAddress,
      trigger.metadata.query,
      signal,
    );
    const next = {
      ...nextPoll(
        previous,
        result,
        Number(trigger.metadata.activationThreshold ?? 0),
        new Date(nowMs).toISOString(),
      ),
      atMs: nowMs,
    };
    this.polls.set(key, next);
    return next;
  }
}

/** One instant query; an empty result is 0, as KEDA's prometheus scaler reads it. */
async function queryScalar(
  serverAddress: string | undefined,
  query: string | undefined,
  signal: AbortSignal,
): Promise<{ ok: true; value: number } | { ok: false }> {
  if (!serverAddress || !query) return { ok: false };
  try {
    const url = new URL('/api/v1/query', serverAddress);
    url.searchParams.set('query', query);
    const response = await fetch(url, {
      signal: AbortSignal.any([
        signal,
        AbortSignal.timeout(PROMETHEUS_TIMEOUT_MS),
      ]),
    });
    if (!response.ok) return { ok: false };
    const body = (await response.json()) as {
      data?: { result?: Array<{ value?: [number, string] }> };
    };
    const value = Number(body.data?.result?.[0]?.value?.[1] ?? 0);
    return Number.isFinite(value) ? { ok: true, value } : { ok: false };
  } catch (error) {
    if (signal.aborted) throw error;
    return { ok: false };
  }
}

/** JSON with sorted keys and without null or undefined fields, to compare what the apiserver returns. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x !== null && x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}
