import { DEFAULT_PROFILES } from '../serving/profiles/defaultProfiles';
import {
  fleetPlatformQuery,
  fleetTrafficQuery,
  groupOf,
  profileGroupLabels,
} from './fleetQueries';

const profile = (id: string) => DEFAULT_PROFILES.find(p => p.id === id)!;
const instance = {
  name: 'prom',
  url: 'http://prom',
  clusterLabel: 'cluster',
  timeoutMs: 1000,
};

describe('fleet queries', () => {
  it('sums the template profile by namespace, service and cluster, with no service named', () => {
    const q = fleetTrafficQuery(profile('template'), instance, '30d');
    expect(q).toContain(
      'label_replace(sum by (namespace, service, cluster) (rate(model_server_requests_total{}[5m])), "mlops_signal", "rps", "", "")',
    );
    expect(q).toContain(
      'histogram_quantile(0.95, sum by (le, namespace, service, cluster) (rate(model_server_request_duration_seconds_bucket{}[5m]))) * 1000',
    );
    // A group without failures has an error ratio of 0, not none.
    expect(q).toContain(
      '(sum by (namespace, service, cluster) (rate(model_server_requests_total{code=~"5.."}[5m])) / sum by (namespace, service, cluster) (rate(model_server_requests_total{}[5m]))) or (sum by (namespace, service, cluster) (rate(model_server_requests_total{}[5m])) * 0)',
    );
    expect(q).not.toMatch(/fraud|service="/);
  });

  it("names a per-pod server's workload after the Deployment of its pods", () => {
    const q = fleetTrafficQuery(profile('triton'), instance, '30d');
    expect(q).toContain(
      'sum by (namespace, mlops_workload, cluster) (label_replace(',
    );
    expect(q).toContain(
      '"mlops_workload", "$1", "pod", "(.+?)(?:-canary|-blue|-green)?-[a-z0-9]+-[a-z0-9]+")',
    );
  });

  it('groups without a cluster when the instance labels none', () => {
    const { clusterLabel, ...unlabelled } = instance;
    expect(clusterLabel).toBe('cluster');
    expect(fleetPlatformQuery(unlabelled)).toContain(
      'avg by (namespace, mlops_workload) (label_replace((DCGM_FI_DEV_GPU_UTIL{} / 100) or DCGM_FI_PROF_GR_ENGINE_ACTIVE{}, ',
    );
    const labels = profileGroupLabels(profile('template'), unlabelled);
    expect(
      groupOf({ namespace: 'ml', service: 'a', cluster: 'x' }, labels),
    ).toEqual({ key: '["ml","a"]', cluster: '' });
  });
});
