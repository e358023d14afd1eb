import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { EntityTarget } from '../shared/entityTarget';
import { LocatedClusters } from '../upstream/kubernetes/KubernetesWorkloadReader';
import { PrometheusInstance } from '../upstream/prometheus/PrometheusClient';
import { servingPlaceOf } from './metricsScope';

const target: EntityTarget = {
  entityRef: 'component:default/fraud-scorer',
  kubernetesId: 'fraud-scorer',
  namespace: 'ml',
  labelSelector: 'app=fraud-scorer',
  metricsWorkload: 'fraud-scorer-metrics',
  objectives: { availabilityPercent: 99.9, latencyP95Ms: 300 },
};
const instance = (
  name: string,
  clusters?: string[],
  clusterLabel?: string,
): PrometheusInstance => ({
  name,
  url: `http://${name}`,
  clusters,
  clusterLabel,
  timeoutMs: 1000,
});
const eu = instance('eu', ['eu-1', 'eu-2'], 'cluster');
const us = instance('us', ['us-1']);
const all = instance('all', undefined, 'k8s_cluster');
const on = (...names: string[]): LocatedClusters => ({
  ok: true,
  clusters: names.map(name => ({ name } as ClusterDetails)),
});
const unlocated: LocatedClusters = { ok: false, message: 'no clusters' };

describe('servingPlaceOf', () => {
  it.each([
    // instances, annotated instance, located, chosen, confined to
    [[eu, us], undefined, on('us-1'), 'us', undefined],
    [
      [eu, us],
      undefined,
      on('eu-2', 'us-1'),
      'eu',
      { label: 'cluster', names: ['eu-2'] },
    ],
    [[eu, us], 'us', on('eu-1'), 'us', undefined],
    [[eu, us], 'gone', on('eu-1'), undefined, undefined],
    [[eu, us], undefined, on('asia-1'), undefined, undefined],
    [[us, eu], undefined, unlocated, 'us', undefined],
    [[eu, us], undefined, unlocated, 'eu', undefined],
    [[eu], undefined, on(), undefined, undefined],
    [[us, all], undefined, on(), 'all', undefined],
    [
      [all],
      undefined,
      on('x', 'y'),
      'all',
      { label: 'k8s_cluster', names: ['x', 'y'] },
    ],
    [[], undefined, on('eu-1'), undefined, undefined],
  ])(
    'of %j named %p, located %j: %p, confined to %j',
    (instances, named, located, chosen, confined) => {
      const place = servingPlaceOf(
        { ...target, prometheusInstance: named },
        located,
        instances,
      );
      expect(place.instance?.name).toBe(chosen);
      expect(place.clusters.map(c => c.name)).toEqual(
        located.ok ? located.clusters.map(c => c.name) : [],
      );
      expect(place.scope).toEqual({
        namespace: 'ml',
        metricsWorkload: 'fraud-scorer-metrics',
        deployment: 'fraud-scorer',
        clusters: confined,
      });
    },
  );
});
