import { replicasQuery, replicasSignal } from './replicasQuery';

const hpas = [
  { cluster: 'east', namespace: 'fraud-ml', hpa: 'fraud-scorer' },
  { cluster: 'west', namespace: 'fraud-ml', hpa: 'fraud-scorer' },
  { cluster: 'west', namespace: 'a.b', hpa: 'x"} or vector(1) #' },
];

describe('replicasQuery', () => {
  it('asks for the four kube-state-metrics series of every HPA in one query, named by kind and HPA', () => {
    const query = replicasQuery(hpas, 'cluster');
    expect(query.split('\n  or ')).toHaveLength(4);
    expect(query).toContain(
      'max by (cluster, namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas{namespace=~"a\\\\.b|fraud-ml", horizontalpodautoscaler=~"fraud-scorer|x\\"\\\\} or vector\\\\(1\\\\) #", cluster=~"east|west"})',
    );
    expect(query).toContain(
      'label_join(label_replace(max by (cluster, namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas{',
    );
    expect(query).toContain(
      '"mlops_kind", "max", "", ""), "mlops_signal", "|", "mlops_kind", "cluster", "namespace", "horizontalpodautoscaler")',
    );
  });

  it('leaves the cluster out where the instance has no cluster label', () => {
    const query = replicasQuery(hpas.slice(0, 1), undefined);
    expect(query).not.toContain('cluster');
    expect(replicasSignal('desired', hpas[0], undefined)).toBe(
      'desired|fraud-ml|fraud-scorer',
    );
    expect(replicasSignal('desired', hpas[0], 'cluster')).toBe(
      'desired|east|fraud-ml|fraud-scorer',
    );
  });
});
