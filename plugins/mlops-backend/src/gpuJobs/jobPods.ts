import type { V1Pod } from '@kubernetes/client-node';
import { GpuJobPod } from '@internal/plugin-mlops-common';

function logsUrl(
  template: string | undefined,
  values: Record<string, string>,
): string | null {
  if (!template) return null;
  return template.replace(/\{(cluster|namespace|pod|container)\}/g, (_, k) =>
    encodeURIComponent(values[k] ?? ''),
  );
}

/** The pods of a job as the drawer lists them, newest first. */
export function podsOfJob(
  pods: V1Pod[],
  cluster: string,
  logsUrlTemplate: string | undefined,
): GpuJobPod[] {
  return pods
    .map(pod => {
      const statuses = pod.status?.containerStatuses ?? [];
      const name = pod.metadata?.name ?? '';
      const namespace = pod.metadata?.namespace ?? '';
      const first = pod.spec?.containers?.[0]?.name ?? '';
      return {
        name,
        phase: pod.status?.phase ?? 'Unknown',
        node: pod.spec?.nodeName ?? null,
        startedAt: pod.status?.startTime
          ? new Date(pod.status.startTime).toISOString()
          : null,
        restarts: statuses.reduce((sum, c) => sum + (c.restartCount ?? 0), 0),
        containers: statuses.map(c => {
          const terminated = c.state?.terminated;
          const waiting = c.state?.waiting;
          let state = 'unknown';
          if (terminated) state = 'terminated';
          else if (waiting) state = 'waiting';
          else if (c.state?.running) state = 'running';
          return {
            name: c.name,
            state,
            reason: terminated?.reason ?? waiting?.reason ?? null,
            exitCode: terminated?.exitCode ?? null,
          };
        }),
        logsUrl: logsUrl(logsUrlTemplate, {
          cluster,
          namespace,
          pod: name,
          container: first,
        }),
      };
    })
    .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
}
