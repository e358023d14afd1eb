import { Gauge, Registry } from 'prom-client';
import {
  framebufferUsedMiB,
  GpuAllocation,
  gpuPowerWatts,
  idleTrainingGpuUtil,
  migTrainingGpuUtil,
  servingGpuUtil,
  trainingGpuUtil,
} from './gpus';
import type { ClusterView } from './metrics';
import { LABEL_ROLE, LABEL_RUN_KIND } from './workloads';

/**
 * The DCGM exporter's series, one per GPU or MIG slice held by a running pod:
 * utilisation follows the pod's traffic (or the scenario), memory the loaded
 * model. As DCGM does for MIG, a slice carries its parent GPU's `gpu` and
 * `UUID` plus `GPU_I_PROFILE` and `GPU_I_ID`, and reports engine activity
 * (`DCGM_FI_PROF_GR_ENGINE_ACTIVE`) and its own frame buffer, but no
 * `DCGM_FI_DEV_GPU_UTIL` and no power (power is per physical GPU).
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
    'GPU_I_PROFILE',
    'GPU_I_ID',
  ];
  const util = (view: ClusterView, a: GpuAllocation, t: number): number => {
    const key = a.mig ? `${a.uuid}/${a.mig.instanceId}` : a.uuid;
    const pod = view.snapshot.pods.find(
      p => p.metadata.namespace === a.namespace && p.metadata.name === a.pod,
    );
    if (pod?.metadata.labels?.[LABEL_ROLE] === 'training-run') {
      if (pod.metadata.labels[LABEL_RUN_KIND] === 'running-idle') {
        return idleTrainingGpuUtil(key, t);
      }
      return a.mig ? migTrainingGpuUtil(key, t) : trainingGpuUtil(key, t);
    }
    const service = pod?.metadata.labels?.['backstage.io/kubernetes-id'];
    const load = service ? view.loads.get(service) : undefined;
    if (!load) return 0;
    const rps = load.rpsByPod.get(a.pod);
    if (rps === undefined) return 0;
    return servingGpuUtil(rps, load.effects.gpuUtilPercent, key, t);
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
    devices: 'all' | 'whole-gpus' | 'mig-slices',
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
              if (devices === (a.mig ? 'whole-gpus' : 'mig-slices')) continue;
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
                  ...(a.mig
                    ? {
                        GPU_I_PROFILE: a.mig.profile,
                        GPU_I_ID: String(a.mig.instanceId),
                      }
                    : {}),
                },
                value(view, a, t),
              );
            }
          }
        },
      }),
    );
  dcgm(
    'DCGM_FI_DEV_GPU_UTIL',
    'GPU utilization (in %).',
    'whole-gpus',
    (v, a, t) => Math.round(util(v, a, t)),
  );
  dcgm(
    'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
    'Ratio of time the graphics engine is active.',
    'mig-slices',
    (v, a, t) => Math.round(util(v, a, t) * 10) / 1000,
  );
  dcgm(
    'DCGM_FI_DEV_FB_USED',
    'Framebuffer memory used (in MiB).',
    'all',
    (v, a, t) =>
      framebufferUsedMiB(modelMemory(v, a), util(v, a, t), a.memoryTotalMiB),
  );
  dcgm(
    'DCGM_FI_DEV_FB_FREE',
    'Framebuffer memory free (in MiB).',
    'all',
    (v, a, t) =>
      a.memoryTotalMiB -
      framebufferUsedMiB(modelMemory(v, a), util(v, a, t), a.memoryTotalMiB),
  );
  dcgm(
    'DCGM_FI_DEV_POWER_USAGE',
    'Power draw (in W).',
    'whole-gpus',
    (v, a, t) =>
      Math.round(gpuPowerWatts(a.modelName, util(v, a, t)) * 10) / 10,
  );
  return families;
}
