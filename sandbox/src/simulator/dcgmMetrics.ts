import { Gauge, Registry } from 'prom-client';
import {
  framebufferUsedMiB,
  GpuAllocation,
  gpuPowerWatts,
  idleTrainingGpuUtil,
  servingGpuUtil,
  trainingGpuUtil,
} from './gpus';
import type { ClusterView } from './metrics';
import { LABEL_ROLE, LABEL_RUN_KIND } from './workloads';

/**
 * The DCGM exporter's series, one per GPU held by a running pod: utilisation
 * follows the pod's traffic (or the scenario), memory the loaded model.
 */
export function registerDcgmMetrics(
  registry: Registry,
  views: () => Iterable<ClusterView>,
  now: () => number,
): Gauge[] {
  const labelNames = [
    'cluster',
    'gpu',
    'UUID',
    'modelName',
    'Hostname',
    'namespace',
    'pod',
    'container',
  ];
  const util = (view: ClusterView, a: GpuAllocation, t: number): number => {
    const pod = view.snapshot.pods.find(
      p => p.metadata.namespace === a.namespace && p.metadata.name === a.pod,
    );
    if (pod?.metadata.labels?.[LABEL_ROLE] === 'training-run') {
      return pod.metadata.labels[LABEL_RUN_KIND] === 'running-idle'
        ? idleTrainingGpuUtil(a.uuid, t)
        : trainingGpuUtil(a.uuid, t);
    }
    const service = pod?.metadata.labels?.['backstage.io/kubernetes-id'];
    const load = service ? view.loads.get(service) : undefined;
    if (!load) return 0;
    const rps = load.rpsByPod.get(a.pod);
    if (rps === undefined) return 0;
    return servingGpuUtil(rps, load.effects.gpuUtilPercent, a.uuid, t);
  };
  const modelMemory = (view: ClusterView, a: GpuAllocation): number => {
    for (const load of view.loads.values()) {
      if (
        load.runningPods.some(
          p =>
            p.metadata.name === a.pod && p.metadata.namespace === a.namespace,
        )
      ) {
        return load.profile.gpuMemoryMiB ?? 0;
      }
    }
    return a.memoryTotalMiB * 0.85;
  };
  const families: Gauge[] = [];
  const dcgm = (
    name: string,
    help: string,
    value: (view: ClusterView, a: GpuAllocation, t: number) => number,
  ) =>
    families.push(
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        collect() {
          this.reset();
          const t = now();
          for (const view of views()) {
            for (const a of view.gpus) {
              this.set(
                {
                  cluster: view.snapshot.cluster,
                  gpu: String(a.index),
                  UUID: a.uuid,
                  modelName: a.modelName,
                  Hostname: a.node,
                  namespace: a.namespace,
                  pod: a.pod,
                  container: a.container,
                },
                value(view, a, t),
              );
            }
          }
        },
      }),
    );
  dcgm('DCGM_FI_DEV_GPU_UTIL', 'GPU utilization (in %).', (v, a, t) =>
    Math.round(util(v, a, t)),
  );
  dcgm('DCGM_FI_DEV_FB_USED', 'Framebuffer memory used (in MiB).', (v, a, t) =>
    framebufferUsedMiB(modelMemory(v, a), util(v, a, t), a.memoryTotalMiB),
  );
  dcgm(
    'DCGM_FI_DEV_FB_FREE',
    'Framebuffer memory free (in MiB).',
    (v, a, t) =>
      a.memoryTotalMiB -
      framebufferUsedMiB(modelMemory(v, a), util(v, a, t), a.memoryTotalMiB),
  );
  dcgm(
    'DCGM_FI_DEV_POWER_USAGE',
    'Power draw (in W).',
    (v, a, t) =>
      Math.round(gpuPowerWatts(a.modelName, util(v, a, t)) * 10) / 10,
  );
  return families;
}
