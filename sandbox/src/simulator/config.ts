import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  ClusterName,
  DEFAULT_CLUSTERS,
  FleetSpec,
  parseFleetSpec,
} from './fleet';
import { CANARY_FAILS_AFTER_MS } from './kserve';
import { SCENARIO_NAMES, ScenarioName } from './scenarios';

export type HpaStatusWriter = 'controller' | 'simulator';

export interface SimulatorConfig {
  repoRoot: string;
  /** The sandbox's clusters, sandbox-east first. */
  clusters: ClusterName[];
  kubeconfigs: Record<ClusterName, string>;
  metricsPort: number;
  controlPort: number;
  fleet: FleetSpec;
  scenario: ScenarioName;
  hpaStatusWriter: HpaStatusWriter;
  /** How often each cluster is listed and the scenario's changes are applied. */
  tickMs: number;
  /** Timeout of every apiserver call. */
  requestTimeoutMs: number;
  /** The helm binary that renders the model-service chart. */
  helm: string;
  /** Where the rendered chart and each service's values are written. */
  chartWorkDir: string;
  /** Where `helm template` outputs are kept between runs. */
  chartCacheDir?: string;
  /** Base URL of the portal, for the runbook links of the alerts. */
  portalBaseUrl: string;
  /** Folder of Prometheus' rule files for the services' PrometheusRules; unset: none written. */
  rulesDir?: string;
  /** The `for:` of every alert in those files. */
  alertFor: string;
  /** How long the canary of `kserve-canary` serves before its revision fails. */
  canaryFailsAfterMs: number;
  prometheusUrl?: string;
}

const port = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a port number` })
    .int(`${name} must be a port number`)
    .min(1, `${name} must be a port number`)
    .max(65535, `${name} must be a port number`);

/** MLOPS_SANDBOX_KUBECONFIG_WEST for sandbox-west, ..._C3 for sandbox-c3. */
export const kubeconfigVariable = (cluster: ClusterName) =>
  `MLOPS_SANDBOX_KUBECONFIG_${cluster.replace(/^sandbox-/, '').toUpperCase()}`;

const clusterNames = z
  .string()
  .transform(text => text.split(/[\s,]+/).filter(Boolean))
  .pipe(
    z
      .array(
        z
          .string()
          .regex(
            /^sandbox-[a-z0-9]+$/,
            'MLOPS_SANDBOX_CLUSTER_NAMES holds names such as sandbox-east',
          ),
      )
      .refine(
        names => names[0] === 'sandbox-east' && names.length >= 2,
        'MLOPS_SANDBOX_CLUSTER_NAMES must start with sandbox-east and name at least one more cluster',
      ),
  );

const envSchema = z.object({
  MLOPS_SANDBOX_CLUSTER_NAMES: clusterNames.optional(),
  MLOPS_SANDBOX_SIM_METRICS_PORT: port('MLOPS_SANDBOX_SIM_METRICS_PORT'),
  MLOPS_SANDBOX_SIM_CONTROL_PORT: port('MLOPS_SANDBOX_SIM_CONTROL_PORT'),
  MLOPS_SANDBOX_SCENARIO: z
    .enum(SCENARIO_NAMES, {
      error: `MLOPS_SANDBOX_SCENARIO must be one of: ${SCENARIO_NAMES.join(
        ', ',
      )}`,
    })
    .default('healthy'),
  MLOPS_SANDBOX_HPA_STATUS_WRITER: z
    .enum(['controller', 'simulator'], {
      error:
        'MLOPS_SANDBOX_HPA_STATUS_WRITER must be "controller" or "simulator"',
    })
    .default('controller'),
  MLOPS_SANDBOX_SIM_TICK_MS: z.coerce
    .number()
    .int()
    .min(200)
    .max(60_000)
    .optional(),
  MLOPS_SANDBOX_SIM_REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(120_000)
    .default(10_000),
  MLOPS_REPO_ROOT: z.string().min(1).optional(),
  MLOPS_SANDBOX_HELM: z.string().min(1).default('helm'),
  MLOPS_SANDBOX_CHART_DIR: z.string().min(1).optional(),
  MLOPS_SANDBOX_CHART_CACHE: z.string().min(1).optional(),
  MLOPS_SANDBOX_PORTAL_URL: z
    .url({ error: 'MLOPS_SANDBOX_PORTAL_URL must be a URL' })
    .default('http://localhost:3000'),
  MLOPS_SANDBOX_RULES_DIR: z.string().min(1).optional(),
  MLOPS_SANDBOX_ALERT_FOR: z
    .string()
    .regex(
      /^(\d+(ms|s|m|h))+$/,
      'MLOPS_SANDBOX_ALERT_FOR must be a Prometheus duration such as 30s',
    )
    .default('30s'),
  MLOPS_SANDBOX_CANARY_FAILS_AFTER_S: z.coerce
    .number({
      error: 'MLOPS_SANDBOX_CANARY_FAILS_AFTER_S must be a number of seconds',
    })
    .int('MLOPS_SANDBOX_CANARY_FAILS_AFTER_S must be a number of seconds')
    .min(5, 'MLOPS_SANDBOX_CANARY_FAILS_AFTER_S must be at least 5')
    .max(3600, 'MLOPS_SANDBOX_CANARY_FAILS_AFTER_S must be at most 3600')
    .default(CANARY_FAILS_AFTER_MS / 1000),
  MLOPS_PROMETHEUS_URL: z
    .url({ error: 'MLOPS_PROMETHEUS_URL must be a URL' })
    .optional(),
  MLOPS_SANDBOX_FLEET: z.string().optional(),
});

/** Reads the simulator's settings from the environment; throws one error listing every problem. */
export function readConfig(
  env: Record<string, string | undefined>,
  cwd: string = process.cwd(),
): SimulatorConfig {
  const blankToUndefined = Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]),
  );
  const parsed = envSchema.safeParse(blankToUndefined);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(i => i.message);
  const clusters =
    (parsed.success && parsed.data.MLOPS_SANDBOX_CLUSTER_NAMES) ||
    DEFAULT_CLUSTERS;
  const kubeconfigs: Record<ClusterName, string> = {};
  const missing: string[] = [];
  for (const cluster of clusters) {
    const file = blankToUndefined[kubeconfigVariable(cluster)];
    if (file) kubeconfigs[cluster] = file;
    else missing.push(`${kubeconfigVariable(cluster)} is required`);
  }
  problems.unshift(...missing);
  let fleet: FleetSpec = { kind: 'example' };
  try {
    fleet = parseFleetSpec(env.MLOPS_SANDBOX_FLEET);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (!parsed.success || problems.length > 0) {
    throw new Error(
      `invalid simulator settings:\n  - ${problems.join('\n  - ')}`,
    );
  }
  const e = parsed.data;
  if (e.MLOPS_SANDBOX_SIM_METRICS_PORT === e.MLOPS_SANDBOX_SIM_CONTROL_PORT) {
    throw new Error(
      'invalid simulator settings:\n  - MLOPS_SANDBOX_SIM_METRICS_PORT and MLOPS_SANDBOX_SIM_CONTROL_PORT must differ',
    );
  }
  return {
    // Yarn sets PROJECT_CWD (the repo root) for `yarn workspace ... simulator`.
    repoRoot: e.MLOPS_REPO_ROOT ?? env.PROJECT_CWD ?? cwd,
    clusters,
    kubeconfigs,
    metricsPort: e.MLOPS_SANDBOX_SIM_METRICS_PORT,
    controlPort: e.MLOPS_SANDBOX_SIM_CONTROL_PORT,
    fleet,
    scenario: e.MLOPS_SANDBOX_SCENARIO,
    hpaStatusWriter: e.MLOPS_SANDBOX_HPA_STATUS_WRITER,
    // Counters advance at every scrape; the tick only paces the list calls.
    tickMs:
      e.MLOPS_SANDBOX_SIM_TICK_MS ?? (fleet.kind === 'large' ? 10_000 : 5000),
    requestTimeoutMs: e.MLOPS_SANDBOX_SIM_REQUEST_TIMEOUT_MS,
    helm: e.MLOPS_SANDBOX_HELM,
    chartWorkDir:
      e.MLOPS_SANDBOX_CHART_DIR ??
      join(tmpdir(), `mlops-sandbox-chart-${e.MLOPS_SANDBOX_SIM_CONTROL_PORT}`),
    chartCacheDir: e.MLOPS_SANDBOX_CHART_CACHE,
    portalBaseUrl: e.MLOPS_SANDBOX_PORTAL_URL,
    rulesDir: e.MLOPS_SANDBOX_RULES_DIR,
    alertFor: e.MLOPS_SANDBOX_ALERT_FOR,
    canaryFailsAfterMs: e.MLOPS_SANDBOX_CANARY_FAILS_AFTER_S * 1000,
    prometheusUrl: e.MLOPS_PROMETHEUS_URL,
  };
}
