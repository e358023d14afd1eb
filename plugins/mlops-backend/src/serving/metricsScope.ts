import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { EntityTarget } from '../shared/entityTarget';
import { clustersServedBy, instanceFor } from '../shared/prometheusChoice';
import { LocatedClusters } from '../upstream/kubernetes/KubernetesWorkloadReader';
import { PrometheusInstance } from '../upstream/prometheus/PrometheusClient';
import { MetricsScope } from './profiles/queries';

/** Where an entity runs and where its series are read from. */
export interface ServingPlace {
  clusters: ClusterDetails[];
  instance?: PrometheusInstance;
  scope: MetricsScope;
}

/**
 * The clusters the kubernetes plugin located, the instance serving them and
 * the scope of the entity's series; series are confined to the located
 * clusters only when the instance labels them and some are known.
 */
export function servingPlaceOf(
  target: EntityTarget,
  located: LocatedClusters,
  instances: PrometheusInstance[],
): ServingPlace {
  const clusters = located.ok ? located.clusters : [];
  const names = clusters.map(c => c.name);
  const instance = instanceFor(
    instances,
    target.prometheusInstance,
    located.ok ? names : undefined,
  );
  const served = instance ? clustersServedBy(instance, names) : [];
  const scope: MetricsScope = {
    namespace: target.namespace,
    metricsWorkload: target.metricsWorkload,
    deployment: target.kubernetesId,
    clusters:
      instance?.clusterLabel && located.ok && served.length > 0
        ? { label: instance.clusterLabel, names: served }
        : undefined,
  };
  return { clusters, instance, scope };
}
