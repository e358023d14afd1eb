import { MetricProfile } from '../serving/profiles/types';
import {
  cpuRatioOf,
  gpuUtilisationOf,
  Grouping,
  trafficSignals,
} from '../serving/profiles/queries';
import { batchSignals, quoteLabelValue } from '../upstream/prometheus/promql';
import { PrometheusInstance } from '../upstream/prometheus/PrometheusClient';

/** The label a fleet query puts a series' workload in when its own label holds pod names. */
export const WORKLOAD_KEY = 'mlops_workload';

/**
 * A Deployment's name from one of its pods' names, as the template's chart
 * names them (`<deployment>[-canary|-blue|-green]-<hash>-<id>`); the lazy
 * `+?` leaves a release suffix out of the name.
 */
export const DEPLOYMENT_OF_POD =
  '(.+?)(?:-canary|-blue|-green)?-[a-z0-9]+-[a-z0-9]+';

/** Where a fleet query's series keep their namespace, workload and cluster. */
export interface GroupLabels {
  namespace: string;
  workload: string;
  cluster?: string;
}

function grouping(labels: GroupLabels, podLabel?: string): Grouping {
  const by = [labels.namespace, labels.workload];
  if (labels.cluster) by.push(labels.cluster);
  const keyed = podLabel
    ? (expr: string) =>
        `label_replace(${expr}, "${WORKLOAD_KEY}", "$1", ${quoteLabelValue(
          podLabel,
        )}, ${quoteLabelValue(DEPLOYMENT_OF_POD)})`
    : (expr: string) => expr;
  return { by, keyed };
}

/** The labels of a profile's grouped series on `instance`. */
export function profileGroupLabels(
  profile: MetricProfile,
  instance: PrometheusInstance,
): GroupLabels {
  return {
    namespace: profile.namespaceLabel,
    workload:
      profile.workloadMatch === 'pods' ? WORKLOAD_KEY : profile.workloadLabel,
    cluster: instance.clusterLabel,
  };
}

/** The labels of the grouped platform series (cAdvisor, kube-state-metrics, DCGM). */
export function platformGroupLabels(instance: PrometheusInstance): GroupLabels {
  return {
    namespace: 'namespace',
    workload: WORKLOAD_KEY,
    cluster: instance.clusterLabel,
  };
}

/**
 * One query for every workload a profile's series exist for: the signals of
 * the health endpoint, each summed `by` namespace, workload and cluster.
 */
export function fleetTrafficQuery(
  profile: MetricProfile,
  instance: PrometheusInstance,
  sloWindow: string,
): string {
  const labels = profileGroupLabels(profile, instance);
  const podLabel =
    profile.workloadMatch === 'pods' ? profile.workloadLabel : undefined;
  return batchSignals(
    trafficSignals(profile, [], sloWindow, grouping(labels, podLabel)),
  );
}

/** One query for the CPU and GPU figures of every Deployment's pods. */
export function fleetPlatformQuery(instance: PrometheusInstance): string {
  const g = grouping(platformGroupLabels(instance), 'pod');
  return batchSignals({
    cpu_ratio: cpuRatioOf([], g),
    gpu_util: gpuUtilisationOf([], g),
  });
}

/** The key of a workload's groups: namespace and workload. */
export function workloadKey(namespace: string, workload: string): string {
  return JSON.stringify([namespace, workload]);
}

/** A sample's workload key and cluster ('' when the instance labels none). */
export function groupOf(
  labels: Record<string, string>,
  group: GroupLabels,
): { key: string; cluster: string } {
  return {
    key: workloadKey(
      labels[group.namespace] ?? '',
      labels[group.workload] ?? '',
    ),
    cluster: group.cluster ? labels[group.cluster] ?? '' : '',
  };
}
