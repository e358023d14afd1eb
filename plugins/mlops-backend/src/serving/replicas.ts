import {
  V1Deployment,
  V1Pod,
  V1PodTemplateSpec,
} from '@kubernetes/client-node';
import {
  ContainerImage,
  PodSummary,
  ReplicaHealth,
  WorkloadSummary,
} from '@internal/plugin-mlops-common';
import { ClusterWorkloads } from '../upstream/kubernetes/KubernetesWorkloadReader';
import { ArgoRollout } from '../upstream/kubernetes/argoRolloutsTypes';
import { isoOrNull } from '../shared/dates';

/** The tag of an image reference, if it has one (`repo/name:1.4.2` → `1.4.2`). */
export function imageTag(image: string): string | null {
  const withoutDigest = image.split('@')[0];
  const lastPart = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastPart.indexOf(':');
  return colon >= 0 ? lastPart.slice(colon + 1) || null : null;
}

type PodTemplate = NonNullable<V1Deployment['spec']>['template'] | undefined;

/** The containers of a pod template and the images they run. */
export function imagesOf(template: PodTemplate): ContainerImage[] {
  return (template?.spec?.containers ?? []).map(c => ({
    container: c.name,
    image: c.image ?? '',
    version: imageTag(c.image ?? ''),
  }));
}

/** The fields a Deployment and a Rollout share. */
interface ReplicatedWorkload {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec?: { replicas?: number };
  status?: { readyReplicas?: number; availableReplicas?: number };
}

function summariseWorkload(
  cluster: string,
  w: ReplicatedWorkload,
  template: V1PodTemplateSpec | undefined,
): WorkloadSummary {
  const images = imagesOf(template);
  return {
    cluster,
    namespace: w.metadata?.namespace ?? '',
    name: w.metadata?.name ?? '',
    desiredReplicas: w.spec?.replicas ?? 1,
    readyReplicas: w.status?.readyReplicas ?? 0,
    availableReplicas: w.status?.availableReplicas ?? 0,
    images,
    version:
      w.metadata?.labels?.['app.kubernetes.io/version'] ??
      images[0]?.version ??
      null,
  };
}

function summariseDeployment(
  cluster: string,
  d: V1Deployment,
): WorkloadSummary {
  return summariseWorkload(cluster, d, d.spec?.template);
}

/** The Deployment a Rollout takes its pod template from (`workloadRef`), if any. */
export function workloadRefOf(rollout: ArgoRollout): string | undefined {
  const ref = rollout.spec?.workloadRef;
  return ref?.kind === 'Deployment' && ref.name ? ref.name : undefined;
}

/**
 * A Rollout as a workload: its replicas, and the images of its own template
 * or of the Deployment it refers to (which Argo Rollouts keeps at 0).
 */
export function summariseRollout(
  cluster: string,
  r: ArgoRollout,
  deployments: V1Deployment[],
): WorkloadSummary {
  const ref = workloadRefOf(r);
  const template =
    r.spec?.template ??
    deployments.find(d => ref && d.metadata?.name === ref)?.spec?.template;
  return summariseWorkload(cluster, r, template);
}

/** The workloads of one cluster: its Rollouts, and the Deployments no Rollout runs. */
function workloadsOf(
  r: Extract<ClusterWorkloads, { ok: true }>,
): WorkloadSummary[] {
  const rollouts = r.rollouts ?? [];
  const referenced = new Set(rollouts.map(workloadRefOf));
  return [
    ...rollouts.map(ro => summariseRollout(r.cluster, ro, r.deployments)),
    ...r.deployments
      .filter(d => !referenced.has(d.metadata?.name))
      .map(d => summariseDeployment(r.cluster, d)),
  ];
}

function summarisePod(cluster: string, p: V1Pod): PodSummary {
  const statuses = p.status?.containerStatuses ?? [];
  const terminations = statuses
    .map(s => s.lastState?.terminated ?? s.state?.terminated)
    .filter((t): t is NonNullable<typeof t> => !!t)
    .sort(
      (a, b) =>
        new Date(b.finishedAt ?? 0).getTime() -
        new Date(a.finishedAt ?? 0).getTime(),
    );
  const last = terminations[0];
  return {
    cluster,
    namespace: p.metadata?.namespace ?? '',
    name: p.metadata?.name ?? '',
    phase: p.status?.phase ?? 'Unknown',
    ready:
      p.status?.conditions?.some(
        c => c.type === 'Ready' && c.status === 'True',
      ) ?? false,
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
    waitingReason:
      statuses.map(s => s.state?.waiting?.reason).find(r => !!r) ?? null,
    lastTermination: last
      ? {
          reason: last.reason ?? 'Unknown',
          exitCode: last.exitCode ?? null,
          finishedAt: isoOrNull(last.finishedAt),
        }
      : null,
    node: p.spec?.nodeName ?? null,
    startedAt: isoOrNull(p.status?.startTime),
  };
}

function recentOomKills(pod: V1Pod, since: number): number {
  return (pod.status?.containerStatuses ?? []).filter(s => {
    const t = s.state?.terminated ?? s.lastState?.terminated;
    return (
      t?.reason === 'OOMKilled' &&
      new Date(t.finishedAt ?? 0).getTime() >= since
    );
  }).length;
}

/**
 * Replicas, restarts and crashes of the entity, summed over the clusters
 * that answered; null when none did. Pods that need attention come first.
 */
export function summariseReplicas(
  results: ClusterWorkloads[],
  now: Date,
  options: { recentMinutes: number; maxPods: number },
): ReplicaHealth | null {
  const answered = results.filter(
    (r): r is Extract<ClusterWorkloads, { ok: true }> => r.ok,
  );
  if (answered.length === 0) return null;
  const since = now.getTime() - options.recentMinutes * 60_000;
  const workloads = answered.flatMap(workloadsOf);
  const rawPods = answered.flatMap(r =>
    r.pods.map(p => ({ cluster: r.cluster, p })),
  );
  const pods = rawPods
    .map(({ cluster, p }) => summarisePod(cluster, p))
    .sort(
      (a, b) =>
        Number(a.ready) - Number(b.ready) ||
        b.restarts - a.restarts ||
        a.name.localeCompare(b.name),
    );
  return {
    desired: workloads.reduce((sum, w) => sum + w.desiredReplicas, 0),
    ready: workloads.reduce((sum, w) => sum + w.readyReplicas, 0),
    restarts: pods.reduce((sum, p) => sum + p.restarts, 0),
    crashLoopingPods: pods.filter(p => p.waitingReason === 'CrashLoopBackOff')
      .length,
    recentOomKills: rawPods.reduce(
      (sum, { p }) => sum + recentOomKills(p, since),
      0,
    ),
    recentWindowMinutes: options.recentMinutes,
    workloads,
    pods: pods.slice(0, options.maxPods),
    podsTruncated: pods.length > options.maxPods,
  };
}
