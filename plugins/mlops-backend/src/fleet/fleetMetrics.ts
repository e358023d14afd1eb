import { SourceReport } from '@internal/plugin-mlops-common';
import { MetricProfile } from '../serving/profiles/types';
import { upstreamReport } from '../shared/sourceReports';
import {
  PrometheusClient,
  PrometheusInstance,
  SignalValues,
} from '../upstream/prometheus/PrometheusClient';
import {
  fleetPlatformQuery,
  fleetTrafficQuery,
  groupOf,
  GroupLabels,
  platformGroupLabels,
  profileGroupLabels,
} from './fleetQueries';

/** The platform series' entry of {@link InstanceSignals}. */
export const PLATFORM = '.platform';

/** The signals of one workload on one cluster ('' when the instance labels none). */
export interface ClusterSignals {
  cluster: string;
  values: SignalValues;
}

/** Per profile id (and {@link PLATFORM}), per workload key, the signals of each cluster. */
export type InstanceSignals = Map<string, Map<string, ClusterSignals[]>>;

/** What the fleet's queries gave, per instance name; an instance that failed is absent. */
export interface FleetMetrics {
  byInstance: Map<string, InstanceSignals>;
  sources: SourceReport[];
  requests: number;
}

async function groupedSignals(
  client: Pick<PrometheusClient, 'vector'>,
  query: string,
  labels: GroupLabels,
  at: Date,
) {
  const answer = await client.vector(query, at);
  if (!answer.ok) return { answer, groups: undefined };
  const groups = new Map<string, ClusterSignals[]>();
  for (const sample of answer.value) {
    const signal = sample.labels.mlops_signal;
    if (!signal) continue;
    const { key, cluster } = groupOf(sample.labels, labels);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    let entry = list.find(e => e.cluster === cluster);
    if (!entry) list.push((entry = { cluster, values: new Map() }));
    entry.values.set(signal, sample.value);
  }
  return { answer, groups };
}

/**
 * The fleet's metrics: per instance, one grouped query per profile and one
 * for the platform series, however many services there are. An instance
 * that fails one query is reported and left out whole, so that no service
 * shows a mix of answered and missing figures.
 */
export async function readFleetMetrics(input: {
  instances: PrometheusInstance[];
  clients: ReadonlyMap<string, Pick<PrometheusClient, 'vector'>>;
  profiles: MetricProfile[];
  sloWindow: string;
  at: Date;
}): Promise<FleetMetrics> {
  const { instances, clients, profiles, sloWindow, at } = input;
  const byInstance = new Map<string, InstanceSignals>();
  const sources: SourceReport[] = [];
  let requests = 0;
  await Promise.all(
    instances.map(async instance => {
      const client = clients.get(instance.name)!;
      const queries = [
        {
          id: PLATFORM,
          query: fleetPlatformQuery(instance),
          labels: platformGroupLabels(instance),
        },
        ...profiles.map(p => ({
          id: p.id,
          query: fleetTrafficQuery(p, instance, sloWindow),
          labels: profileGroupLabels(p, instance),
        })),
      ];
      const started = Date.now();
      const results = await Promise.all(
        queries.map(q => groupedSignals(client, q.query, q.labels, at)),
      );
      requests += queries.length;
      const failed = results.find(r => !r.answer.ok)?.answer;
      const durationMs = Date.now() - started;
      sources.push(
        upstreamReport(
          'prometheus',
          instance.name,
          failed ?? { ok: true, durationMs },
          queries.length,
        ),
      );
      if (failed) return;
      byInstance.set(
        instance.name,
        new Map(queries.map((q, i) => [q.id, results[i].groups!])),
      );
    }),
  );
  return { byInstance, sources, requests };
}
