import type { ClusterName } from './fleet';
import type { KubeClient } from './kubeClient';
import type {
  Deployment,
  HorizontalPodAutoscaler,
  Job,
  KubeNode,
  ObjectMeta,
  Pod,
} from './kubeTypes';
import { MANAGED_SELECTOR } from './workloads';

/** What one cluster looked like at one moment: one list call per kind. */
export interface ClusterSnapshot {
  cluster: ClusterName;
  takenAtMs: number;
  pods: Pod[];
  deployments: Deployment[];
  hpas: HorizontalPodAutoscaler[];
  jobs: Job[];
  nodes: KubeNode[];
}

export interface SnapshotResult {
  snapshot: ClusterSnapshot;
  /** Lists that failed; their items are carried over from `previous`. */
  errors: string[];
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Projections keeping only what the simulator reads: list responses carry
 * managedFields and full specs, several times the size of what is kept.
 */
function slimMeta(m: ObjectMeta): ObjectMeta {
  const annotations = m.annotations ? { ...m.annotations } : undefined;
  if (annotations) delete annotations[LAST_APPLIED];
  return {
    name: m.name,
    namespace: m.namespace,
    uid: m.uid,
    labels: m.labels,
    annotations,
    creationTimestamp: m.creationTimestamp,
    deletionTimestamp: m.deletionTimestamp,
    ownerReferences: m.ownerReferences?.map(o => ({
      kind: o.kind,
      name: o.name,
    })),
  };
}

export function slimPod(p: Pod): Pod {
  return {
    metadata: slimMeta(p.metadata),
    spec: {
      nodeName: p.spec.nodeName,
      nodeSelector: p.spec.nodeSelector,
      schedulerName: p.spec.schedulerName,
      containers: p.spec.containers.map(c => ({
        name: c.name,
        image: c.image,
        resources: c.resources,
      })),
    },
    status: p.status && {
      phase: p.status.phase,
      conditions: p.status.conditions,
      containerStatuses: p.status.containerStatuses,
      startTime: p.status.startTime,
    },
  };
}

const slimDeployment = (d: Deployment): Deployment => ({
  metadata: slimMeta(d.metadata),
  spec: { replicas: d.spec?.replicas },
  status: d.status,
});

const slimHpa = (h: HorizontalPodAutoscaler): HorizontalPodAutoscaler => ({
  metadata: { ...slimMeta(h.metadata), generation: h.metadata.generation },
  spec: {
    minReplicas: h.spec.minReplicas,
    maxReplicas: h.spec.maxReplicas,
    scaleTargetRef: {
      kind: h.spec.scaleTargetRef.kind,
      name: h.spec.scaleTargetRef.name,
    },
    metrics: h.spec.metrics,
  },
  status: h.status,
});

const slimJob = (j: Job): Job => ({
  metadata: slimMeta(j.metadata),
  status: j.status,
});

const slimNode = (n: KubeNode): KubeNode => ({
  metadata: { name: n.metadata.name, labels: n.metadata.labels },
  status: { capacity: n.status?.capacity, allocatable: n.status?.allocatable },
});

/**
 * Lists the simulator's objects and the nodes. A list that fails keeps the
 * previous items; when every list fails the cluster is unreachable and this throws.
 */
export async function readSnapshot(
  client: KubeClient,
  cluster: ClusterName,
  previous: ClusterSnapshot | undefined,
  signal: AbortSignal,
): Promise<SnapshotResult> {
  const opts = { signal };
  const results = await Promise.allSettled([
    client.list<Pod>('Pod', MANAGED_SELECTOR, opts).then(l => l.map(slimPod)),
    client
      .list<Deployment>('Deployment', MANAGED_SELECTOR, opts)
      .then(l => l.map(slimDeployment)),
    client
      .list<HorizontalPodAutoscaler>(
        'HorizontalPodAutoscaler',
        MANAGED_SELECTOR,
        opts,
      )
      .then(l => l.map(slimHpa)),
    client.list<Job>('Job', MANAGED_SELECTOR, opts).then(l => l.map(slimJob)),
    client.list<KubeNode>('Node', undefined, opts).then(l => l.map(slimNode)),
  ]);
  const errors = results.flatMap(r =>
    r.status === 'rejected' ? [String(r.reason?.message ?? r.reason)] : [],
  );
  if (errors.length === results.length) {
    throw new Error(errors[0]);
  }
  const pick = <T>(index: number, fallback: T[] | undefined): T[] => {
    const r = results[index];
    return r.status === 'fulfilled' ? (r.value as T[]) : fallback ?? [];
  };
  return {
    errors,
    snapshot: {
      cluster,
      takenAtMs: Date.now(),
      pods: pick<Pod>(0, previous?.pods),
      deployments: pick<Deployment>(1, previous?.deployments),
      hpas: pick<HorizontalPodAutoscaler>(2, previous?.hpas),
      jobs: pick<Job>(3, previous?.jobs),
      nodes: pick<KubeNode>(4, previous?.nodes),
    },
  };
}
