import { V1Deployment, V1Pod } from '@kubernetes/client-node';
import {
  ContainerImage,
  PodSummary,
  ReplicaHealth,
  WorkloadSummary,
} from '@internal/plugin-mlops-common';
import { ClusterWorkloads } from '../upstream/kubernetes/KubernetesWorkloadReader';
import { isoOrNull } from '../shared/dates';

/** The tag of an image reference, if it has one (`repo/name:1.4.2` → `1.4.2`). */
export function imageTag(image: string): string | null {
  const withoutDigest = image.split('@')[0];
  const lastPart = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastPart.indexOf(':');
  return colon >= 0 ? lastPart.slice(colon + 1) || null : null;
}

function summariseDeployment(
  cluster: string,
  d: V1Deployment,
): WorkloadSummary {
  const images: ContainerImage[] = (
    d.spec?.template?.spec?.containers ?? []
  ).map(c => ({
    container: c.name,
    image: c.image ?? '',
    version: imageTag(c.image ?? ''),
  }));
  return {
    cluster,
    namespace: d.metadata?.namespace ?? '',
    name: d.metadata?.name ?? '',
    desiredReplicas: d.spec?.replicas ?? 1,
    readyReplicas: d.status?.readyReplicas ?? 0,
    availableReplicas: d.status?.availableReplicas ?? 0,
    images,
    version:
      d.metadata?.labels?.['app.kubernetes.io/version'] ??
      images[0]?.version ??
      null,
  };
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
  const workloads = answered.flatMap(r =>
    r.deployments.map(d => summariseDeployment(r.cluster, d)),
  );
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
