import { SourceReport } from '@internal/plugin-mlops-common';
import { GpuJobsConfig } from '../gpuJobs/config';
import { jobKey } from '../gpuJobs/dcgmAttribution';
import { readJobUtilisation } from '../gpuJobs/jobUtilisation';
import {
  PrometheusClient,
  PrometheusInstance,
} from '../upstream/prometheus/PrometheusClient';
import { ClusterInventory } from './clusterInventory';
import { runningGpuPods } from './fleetGpus';

/** A running pod the idle rule is asked about. */
export interface PodOnGpus {
  cluster: string;
  namespace: string;
  name: string;
  startedAt: string | null;
}

/**
 * Which running GPU pods are idle: the GPU jobs' DCGM query (one per
 * instance) with each pod as a job of its own, and their idle rule: running
 * for the whole window, every GPU below the threshold throughout.
 */
export async function readIdleGpuPods(input: {
  inventory: ReadonlyMap<string, ClusterInventory>;
  instances: PrometheusInstance[];
  clients: ReadonlyMap<string, Pick<PrometheusClient, 'vector'>>;
  config: Pick<GpuJobsConfig, 'dcgmLabels' | 'idle' | 'gpuResources'>;
  at: Date;
}): Promise<{ isIdle: (pod: PodOnGpus) => boolean; sources: SourceReport[] }> {
  const { config, at } = input;
  const pods = runningGpuPods(
    input.inventory,
    config.gpuResources,
    () => null,
    () => false,
  );
  const { byJob, sources } = await readJobUtilisation(
    { instances: input.instances, clients: input.clients },
    config,
    pods.map(p => ({
      cluster: p.cluster,
      namespace: p.namespace,
      name: p.name,
      pods: [{ metadata: { name: p.name, namespace: p.namespace } }],
    })),
    at,
  );
  const windowMs = config.idle.forMinutes * 60_000;
  return {
    sources,
    isIdle: pod => {
      const max = byJob.get(jobKey(pod.cluster, pod.namespace, pod.name))
        ?.utilisation.maxUtilOverIdleWindowPercent;
      return (
        max !== undefined &&
        max !== null &&
        max < config.idle.utilisationPercent &&
        !!pod.startedAt &&
        at.getTime() - Date.parse(pod.startedAt) >= windowMs
      );
    },
  };
}
