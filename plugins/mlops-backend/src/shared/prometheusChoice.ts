import { PrometheusInstance } from '../upstream/prometheus/PrometheusClient';

/** Whether `instance` holds the series of `cluster`; one without `clusters` holds every cluster's. */
export function servesCluster(
  instance: PrometheusInstance,
  cluster: string,
): boolean {
  return !instance.clusters || instance.clusters.includes(cluster);
}

/** The clusters among `clusters` whose series `instance` holds. */
export function clustersServedBy(
  instance: PrometheusInstance,
  clusters: string[],
): string[] {
  return clusters.filter(c => servesCluster(instance, c));
}

/** The instances that hold the series of any of `clusters`. */
export function instancesServing(
  instances: PrometheusInstance[],
  clusters: string[],
): PrometheusInstance[] {
  return instances.filter(
    i => !i.clusters || i.clusters.some(c => clusters.includes(c)),
  );
}

/**
 * The instance an entity's metrics are read from: the one its annotation
 * names, else the first that serves one of its clusters. While its clusters
 * are unknown (`undefined`: the kubernetes plugin did not answer), the
 * first instance.
 */
export function instanceFor(
  instances: PrometheusInstance[],
  named: string | undefined,
  clusters: string[] | undefined,
): PrometheusInstance | undefined {
  if (named) return instances.find(i => i.name === named);
  if (!clusters) return instances[0];
  return instancesServing(instances, clusters)[0];
}
