import { SourceReport } from '@internal/plugin-mlops-common';
import { clustersServedBy, instancesServing } from '../shared/prometheusChoice';
import { upstreamReport } from '../shared/sourceReports';
import {
  PrometheusClient,
  PrometheusInstance,
} from '../upstream/prometheus/PrometheusClient';
import { GpuJobsConfig } from './config';
import { dcgmQuery, samplesByPod, utilisationOf } from './dcgm';
import { attributeToJobs, RunningJob } from './dcgmAttribution';

/** The DCGM figures of a job, keyed by `jobKey`. */
export type JobUtilisation = Map<string, ReturnType<typeof utilisationOf>>;

/**
 * DCGM figures of the running jobs: one query per Prometheus instance that
 * serves one of their clusters, each reported as its own source.
 */
export async function readJobUtilisation(
  prometheus: {
    instances: PrometheusInstance[];
    clients: ReadonlyMap<string, Pick<PrometheusClient, 'vector'>>;
  },
  config: Pick<GpuJobsConfig, 'dcgmLabels' | 'idle'>,
  running: readonly RunningJob[],
  now: Date,
): Promise<{ byJob: JobUtilisation; sources: SourceReport[] }> {
  const byJob: JobUtilisation = new Map();
  const sources: SourceReport[] = [];
  if (running.length === 0) return { byJob, sources };
  const clusters = [...new Set(running.map(j => j.cluster))];
  const instances = instancesServing(prometheus.instances, clusters);
  await Promise.all(
    instances.map(async instance => {
      const served = clustersServedBy(instance, clusters);
      const namespaces = [
        ...new Set(
          running.filter(j => served.includes(j.cluster)).map(j => j.namespace),
        ),
      ];
      const client = prometheus.clients.get(instance.name)!;
      const answer = await client.vector(
        dcgmQuery(
          instance,
          served,
          namespaces,
          config.dcgmLabels,
          `${config.idle.forMinutes}m`,
        ),
        now,
      );
      sources.push(upstreamReport('prometheus', instance.name, answer, 1));
      if (!answer.ok) return;
      const pods = samplesByPod(
        answer.value,
        config.dcgmLabels,
        instance.clusterLabel,
      );
      for (const [job, list] of attributeToJobs(pods, running, served)) {
        byJob.set(job, utilisationOf(list));
      }
    }),
  );
  return { byJob, sources };
}
