import { serviceKey } from './chart';
import type { ModelService } from './fleet';
import { KubeApiError, KubeClient } from './kubeClient';
import { objectPath } from './kubePaths';
import type { Deployment, ObjectMeta } from './kubeTypes';
import type { SimulatorLogger } from './log';
import type { Action } from './plan';
import { mapWithConcurrency } from './pool';
import {
  ANNOTATION_SPEC_HASH,
  EXTRA_SERVICE_CIDR,
  LABEL_ROLE,
  serviceCidrManifest,
  SERVICES_PER_DEFAULT_RANGE,
  KubeManifest,
  MANAGED_SELECTOR,
  namespaceManifest,
  withSpecHash,
} from './workloads';

export interface EnsureFleetResult {
  services: number;
  applied: number;
  unchanged: number;
  /** Objects of model services that are no longer in the fleet, deleted. */
  pruned: number;
  failures: string[];
  elapsedMs: number;
}

/**
 * The service's chart objects as the simulator applies them: the Deployment
 * keeps the replicas it has (the HPA owns them; new ones start at the
 * minimum), unless a Rollout runs its pods (the chart keeps it at 0).
 */
export function fleetManifests(
  rendered: readonly KubeManifest[],
  replicas: number,
): KubeManifest[] {
  const rollout = rendered.some(m => m.kind === 'Rollout');
  return rendered.map(m =>
    withSpecHash(
      m.kind === 'Deployment' && !rollout
        ? { ...m, spec: { ...m.spec, replicas } }
        : m,
    ),
  );
}

/**
 * Creates or updates every object of these services with server-side apply.
 * What exists is learnt from one list call per kind; objects whose spec hash
 * matches are skipped, so a restart of the simulator costs a few lists.
 */
export async function ensureFleet(
  client: KubeClient,
  services: readonly ModelService[],
  /** Each service's objects as the model-service chart renders them, by serviceKey. */
  rendered: ReadonlyMap<string, readonly KubeManifest[]>,
  /** Namespace name to owning team, for every namespace the cluster needs. */
  namespaces: ReadonlyMap<string, string>,
  log: SimulatorLogger,
  signal: AbortSignal,
  concurrency = 16,
): Promise<EnsureFleetResult> {
  const started = Date.now();
  const prefix = client.cluster;
  const existingNamespaces = new Set(
    (
      await client.list<{ metadata: ObjectMeta }>('Namespace', undefined, {
        signal,
      })
    ).map(n => n.metadata.name),
  );
  for (const [name, team] of namespaces) {
    if (!existingNamespaces.has(name)) {
      await client.apply(namespaceManifest(name, team), { signal });
    }
  }
  if (services.length > SERVICES_PER_DEFAULT_RANGE) {
    try {
      await client.apply(serviceCidrManifest(), { signal });
    } catch (error) {
      log.once(
        `${prefix}:servicecidr`,
        `${prefix}: could not add Service range ${EXTRA_SERVICE_CIDR} (${
          (error as Error).message
        }); ` +
          'more than ~250 Services need kube-apiserver --service-cluster-ip-range=10.96.0.0/16',
      );
    }
  }

  const hashes = new Map<string, string | undefined>();
  const replicas = new Map<string, number | undefined>();
  const stale: Array<{ kind: string; namespace: string; name: string }> = [];
  const objectKey = (kind: string, namespace = '', name = '') =>
    `${kind}/${namespace}/${name}`;
  // Everything the chart renders for this cluster's services; other fleet
  // objects in the cluster are left over from services no longer in the fleet.
  const wanted = new Set(
    services
      .flatMap(svc => rendered.get(serviceKey(svc)) ?? [])
      .map(o => objectKey(o.kind!, o.metadata?.namespace, o.metadata?.name)),
  );
  const kinds = [
    ...new Set(
      [...rendered.values()].flatMap(objects => objects.map(o => o.kind!)),
    ),
  ];
  const lists = await Promise.all(
    kinds.map(kind =>
      client.list<{ metadata: ObjectMeta }>(kind, MANAGED_SELECTOR, { signal }),
    ),
  );
  lists.forEach((items, i) => {
    for (const item of items) {
      const { namespace = '', name, labels } = item.metadata;
      const key = objectKey(kinds[i], namespace, name);
      hashes.set(key, item.metadata.annotations?.[ANNOTATION_SPEC_HASH]);
      if (kinds[i] === 'Deployment') {
        replicas.set(key, (item as Deployment).spec?.replicas);
      }
      if (labels?.[LABEL_ROLE] === 'model-service' && !wanted.has(key)) {
        stale.push({ kind: kinds[i], namespace, name });
      }
    }
  });

  let applied = 0;
  let unchanged = 0;
  const result = await mapWithConcurrency(
    services,
    concurrency,
    async svc => {
      const current = replicas.get(`Deployment/${serviceKey(svc)}`);
      const manifests = fleetManifests(
        rendered.get(serviceKey(svc)) ?? [],
        current ?? svc.minReplicas,
      );
      for (const manifest of manifests) {
        const key = objectKey(
          manifest.kind!,
          svc.namespace,
          manifest.metadata!.name,
        );
        if (
          hashes.get(key) ===
          manifest.metadata?.annotations?.[ANNOTATION_SPEC_HASH]
        ) {
          unchanged++;
          continue;
        }
        await client.apply(manifest, { signal });
        applied++;
      }
    },
    {
      signal,
      progressEvery: 100,
      onProgress: (done, total) => {
        if (applied > 0) {
          log.info(
            `${prefix}: fleet ${done}/${total} services (${applied} objects applied)`,
          );
        }
      },
    },
  );
  const pruning = await mapWithConcurrency(
    stale,
    concurrency,
    async item =>
      client.delete(objectPath(item.kind, item.name, item.namespace), {
        signal,
      }),
    { signal },
  );
  return {
    services: services.length,
    applied,
    unchanged,
    pruned: pruning.done - pruning.failures.length,
    failures: [
      ...result.failures.map(
        f => `${f.item.namespace}/${f.item.name}: ${f.error.message}`,
      ),
      ...pruning.failures.map(
        f =>
          `delete ${f.item.kind} ${f.item.namespace}/${f.item.name}: ${f.error.message}`,
      ),
    ],
    elapsedMs: Date.now() - started,
  };
}

async function execute(
  client: KubeClient,
  action: Action,
  signal: AbortSignal,
) {
  const opts = { signal };
  switch (action.kind) {
    case 'pod-status':
      await client.patch(
        objectPath('Pod', action.name, action.namespace, 'status'),
        { status: action.status },
        'strategic',
        opts,
      );
      if (action.bindTo) {
        await client.request(
          'POST',
          objectPath('Pod', action.name, action.namespace, 'binding'),
          {
            ...opts,
            body: {
              apiVersion: 'v1',
              kind: 'Binding',
              metadata: { name: action.name },
              target: { apiVersion: 'v1', kind: 'Node', name: action.bindTo },
            },
          },
        );
      }
      return undefined;
    case 'delete-pod':
      return client.delete(
        objectPath('Pod', action.name, action.namespace),
        opts,
      );
    case 'create-job':
      try {
        return await client.request(
          'POST',
          `/apis/batch/v1/namespaces/${
            action.manifest.metadata!.namespace
          }/jobs`,
          { ...opts, body: action.manifest },
        );
      } catch (error) {
        if (error instanceof KubeApiError && error.status === 409)
          return undefined;
        throw error;
      }
    case 'delete-job':
      return client.delete(
        objectPath('Job', action.name, action.namespace),
        opts,
      );
    case 'scale':
      return client.patch(
        objectPath('Deployment', action.name, action.namespace, 'scale'),
        { spec: { replicas: action.replicas } },
        'merge',
        opts,
      );
    case 'hpa-status':
      return client.patch(
        objectPath(
          'HorizontalPodAutoscaler',
          action.name,
          action.namespace,
          'status',
        ),
        {
          status: {
            ...action.status,
            currentMetrics: action.status.currentMetrics ?? null,
          },
        },
        'merge',
        opts,
      );
    default:
      return undefined;
  }
}

/** Runs a tick's actions; failures are logged and retried by the next tick's plan. */
export async function executeActions(
  client: KubeClient,
  actions: readonly Action[],
  log: SimulatorLogger,
  signal: AbortSignal,
): Promise<number> {
  const result = await mapWithConcurrency(
    actions,
    8,
    async action => {
      await execute(client, action, signal);
      if ('why' in action && action.why) {
        log.info(`${client.cluster}: ${action.why}`);
      }
    },
    { signal },
  );
  for (const failure of result.failures.slice(0, 3)) {
    log.warn(
      `${client.cluster}: ${failure.item.kind} failed: ${failure.error.message}`,
    );
  }
  if (result.failures.length > 3) {
    log.warn(
      `${client.cluster}: ... and ${result.failures.length - 3} more failures`,
    );
  }
  return result.failures.length;
}
