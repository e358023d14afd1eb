import { readConfig } from './config';

const minimal = {
  MLOPS_SANDBOX_KUBECONFIG_EAST: '/k/east',
  MLOPS_SANDBOX_KUBECONFIG_WEST: '/k/west',
  MLOPS_SANDBOX_SIM_METRICS_PORT: '16490',
  MLOPS_SANDBOX_SIM_CONTROL_PORT: '16491',
};

describe('readConfig', () => {
  it('applies the agreed defaults', () => {
    expect(readConfig(minimal, '/repo')).toEqual({
      repoRoot: '/repo',
      clusters: ['sandbox-east', 'sandbox-west'],
      kubeconfigs: { 'sandbox-east': '/k/east', 'sandbox-west': '/k/west' },
      metricsPort: 16490,
      controlPort: 16491,
      fleet: { kind: 'example' },
      scenario: 'healthy',
      hpaStatusWriter: 'controller',
      tickMs: 5000,
      requestTimeoutMs: 10000,
      helm: 'helm',
      chartWorkDir: expect.stringMatching(/mlops-sandbox-chart-16491$/),
      chartCacheDir: undefined,
      portalBaseUrl: 'http://localhost:3000',
      rulesDir: undefined,
      alertFor: '30s',
      canaryFailsAfterMs: 60_000,
      prometheusUrl: undefined,
    });
  });

  it('reads every option', () => {
    expect(
      readConfig({
        ...minimal,
        MLOPS_SANDBOX_FLEET: 'large:300',
        MLOPS_SANDBOX_SCENARIO: 'crashloop',
        MLOPS_SANDBOX_HPA_STATUS_WRITER: 'simulator',
        MLOPS_SANDBOX_SIM_TICK_MS: '2000',
        MLOPS_REPO_ROOT: '/work/main',
        MLOPS_SANDBOX_HELM: '/bin/helm',
        MLOPS_SANDBOX_CHART_DIR: '/state/chart',
        MLOPS_SANDBOX_RULES_DIR: '/state/rules',
        MLOPS_SANDBOX_ALERT_FOR: '1m',
        MLOPS_SANDBOX_CANARY_FAILS_AFTER_S: '20',
        MLOPS_PROMETHEUS_URL: 'http://127.0.0.1:16480',
      }),
    ).toMatchObject({
      helm: '/bin/helm',
      chartWorkDir: '/state/chart',
      rulesDir: '/state/rules',
      alertFor: '1m',
      canaryFailsAfterMs: 20_000,
      prometheusUrl: 'http://127.0.0.1:16480',
      fleet: { kind: 'large', size: 300 },
      scenario: 'crashloop',
      hpaStatusWriter: 'simulator',
      tickMs: 2000,
      repoRoot: '/work/main',
    });
  });

  it('lists large fleets less often', () => {
    expect(
      readConfig({ ...minimal, MLOPS_SANDBOX_FLEET: 'large:1000' }).tickMs,
    ).toBe(10_000);
  });

  it('treats empty variables as unset', () => {
    expect(
      readConfig(
        { ...minimal, MLOPS_SANDBOX_SCENARIO: '', MLOPS_SANDBOX_FLEET: '' },
        '/r',
      ),
    ).toMatchObject({
      scenario: 'healthy',
      fleet: { kind: 'example' },
    });
  });

  it.each([
    [
      { MLOPS_SANDBOX_KUBECONFIG_EAST: undefined },
      'MLOPS_SANDBOX_KUBECONFIG_EAST is required',
    ],
    [
      { MLOPS_SANDBOX_SIM_METRICS_PORT: 'http' },
      'MLOPS_SANDBOX_SIM_METRICS_PORT must be a port number',
    ],
    [
      { MLOPS_SANDBOX_SIM_CONTROL_PORT: '70000' },
      'MLOPS_SANDBOX_SIM_CONTROL_PORT must be a port number',
    ],
    [
      { MLOPS_SANDBOX_SCENARIO: 'chaos' },
      'MLOPS_SANDBOX_SCENARIO must be one of: healthy, error-spike',
    ],
    [
      { MLOPS_SANDBOX_HPA_STATUS_WRITER: 'both' },
      'MLOPS_SANDBOX_HPA_STATUS_WRITER must be "controller" or "simulator"',
    ],
    [
      { MLOPS_SANDBOX_FLEET: 'huge' },
      'MLOPS_SANDBOX_FLEET must be "example" or "large:N"',
    ],
    [{ MLOPS_SANDBOX_SIM_CONTROL_PORT: '16490' }, 'must differ'],
    [
      { MLOPS_SANDBOX_ALERT_FOR: '30 seconds' },
      'MLOPS_SANDBOX_ALERT_FOR must be a Prometheus duration such as 30s',
    ],
    [
      { MLOPS_SANDBOX_CANARY_FAILS_AFTER_S: '1m' },
      'MLOPS_SANDBOX_CANARY_FAILS_AFTER_S must be a number of seconds',
    ],
    [
      { MLOPS_SANDBOX_CANARY_FAILS_AFTER_S: '2' },
      'MLOPS_SANDBOX_CANARY_FAILS_AFTER_S must be at least 5',
    ],
    [
      { MLOPS_PROMETHEUS_URL: '127.0.0.1:9090' },
      'MLOPS_PROMETHEUS_URL must be a URL',
    ],
  ])('rejects %p', (override, message) => {
    expect(() => readConfig({ ...minimal, ...override })).toThrow(message);
  });

  it('reads the clusters MLOPS_SANDBOX_CLUSTER_NAMES lists, each with its kubeconfig', () => {
    const config = readConfig({
      ...minimal,
      MLOPS_SANDBOX_CLUSTER_NAMES: 'sandbox-east sandbox-west sandbox-c3',
      MLOPS_SANDBOX_KUBECONFIG_C3: '/k/c3',
    });
    expect(config.clusters).toEqual([
      'sandbox-east',
      'sandbox-west',
      'sandbox-c3',
    ]);
    expect(config.kubeconfigs['sandbox-c3']).toBe('/k/c3');
  });

  it.each([
    [
      { MLOPS_SANDBOX_CLUSTER_NAMES: 'sandbox-east sandbox-c3' },
      'MLOPS_SANDBOX_KUBECONFIG_C3 is required',
    ],
    [
      { MLOPS_SANDBOX_CLUSTER_NAMES: 'sandbox-west sandbox-east' },
      'must start with sandbox-east',
    ],
    [
      { MLOPS_SANDBOX_CLUSTER_NAMES: 'sandbox-east' },
      'at least one more cluster',
    ],
    [
      { MLOPS_SANDBOX_CLUSTER_NAMES: 'sandbox-east ../west' },
      'names such as sandbox-east',
    ],
  ])('rejects the clusters %p', (override, message) => {
    expect(() => readConfig({ ...minimal, ...override })).toThrow(message);
  });

  it('lists every problem at once', () => {
    expect(() => readConfig({})).toThrow(
      /KUBECONFIG_EAST is required[\s\S]*KUBECONFIG_WEST is required[\s\S]*METRICS_PORT must be a port number/,
    );
  });
});
