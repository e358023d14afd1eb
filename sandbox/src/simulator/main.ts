/*
 * The sandbox's fleet simulator. Started by the sandbox CLI:
 *   node --require <repo>/node_modules/@backstage/cli-node/config/nodeTransform.cjs sandbox/src/simulator/main.ts
 * Settings come from the environment (see config.ts and README.md).
 */
import {
  close,
  createControlServer,
  createMetricsServer,
  listen,
} from './control';
import {
  ModelServiceChart,
  renderCanaryReleases,
  renderFleet,
  serviceKey,
} from './chart';
import { readConfig } from './config';
import { ClusterName, loadFleet } from './fleet';
import { KubeClient } from './kubeClient';
import { withInferenceServiceLabels } from './kserve';
import { withoutChartHpaOfKedaServices } from './keda';
import { createLogger } from './log';
import { SimulatorMetrics } from './metrics';
import { isPrometheusRule, syncRuleFiles } from './ruleFiles';
import { FleetSimulator } from './simulator';

const SHUTDOWN_DEADLINE_MS = 1500;
const LARGE_FLEET_RULE_INTERVAL = '2m';

async function main(): Promise<void> {
  const log = createLogger();
  let config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    log.warn((error as Error).message);
    process.exit(2);
  }
  const fleet = await loadFleet(config.fleet, config.repoRoot, config.clusters);
  const chart = await ModelServiceChart.prepare({
    repoRoot: config.repoRoot,
    workDir: config.chartWorkDir,
    helm: config.helm,
    portalBaseUrl: config.portalBaseUrl,
    prometheusUrl: config.prometheusUrl,
    cacheDir: config.chartCacheDir,
  });
  const rendered = withoutChartHpaOfKedaServices(
    withInferenceServiceLabels(
      await renderFleet(chart, fleet.services, log),
      fleet.services,
    ),
    fleet.services,
  );
  const canaryReleases = await renderCanaryReleases(chart, fleet.services);
  if (config.rulesDir) {
    await syncRuleFiles({
      dir: config.rulesDir,
      alertFor: config.alertFor,
      // A thousand services' burn-rate rules every 5 s would take both cores.
      interval:
        config.fleet.kind === 'large' ? LARGE_FLEET_RULE_INTERVAL : undefined,
      prometheusUrl: config.prometheusUrl,
      rules: fleet.services.flatMap(svc =>
        (rendered.get(serviceKey(svc)) ?? [])
          .filter(isPrometheusRule)
          .map(rule => ({ cluster: svc.cluster, rule })),
      ),
      log,
    });
  }
  const clients = {} as Record<ClusterName, KubeClient>;
  for (const cluster of config.clusters) {
    clients[cluster] = await KubeClient.fromKubeconfig(
      cluster,
      config.kubeconfigs[cluster],
      config.requestTimeoutMs,
    );
  }

  let simulator: FleetSimulator | undefined = undefined;
  const metrics = new SimulatorMetrics(
    Math.random,
    () => simulator?.current().name ?? config.scenario,
  );
  simulator = new FleetSimulator({
    fleet,
    rendered,
    canaryReleases,
    clients,
    metrics,
    log,
    tickMs: config.tickMs,
    hpaWriter: config.hpaStatusWriter,
    canaryFailsAfterMs: config.canaryFailsAfterMs,
    prometheusUrl: config.prometheusUrl,
    initialScenario: config.scenario,
  });
  const metricsServer = createMetricsServer(metrics);
  const controlServer = createControlServer(simulator);
  await listen(metricsServer, config.metricsPort);
  await listen(controlServer, config.controlPort);

  const fleetName =
    config.fleet.kind === 'large' ? `large:${config.fleet.size}` : 'example';
  log.info(
    `simulator up: fleet ${fleetName} (${fleet.services.length} services, ${fleet.pipelines.length} pipelines), ` +
      `scenario ${config.scenario}, HPA status by ${config.hpaStatusWriter}; ` +
      `metrics http://127.0.0.1:${config.metricsPort}/metrics, control http://127.0.0.1:${config.controlPort}/scenario`,
  );
  simulator.start();

  const running = simulator;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    setTimeout(() => {
      log.warn('shutdown took too long; exiting anyway');
      process.exit(0);
    }, SHUTDOWN_DEADLINE_MS).unref();
    Promise.all([
      running.stop(),
      close(metricsServer),
      close(controlServer),
    ]).then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      error => {
        log.warn(`shutdown: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch(error => {
  process.stderr.write(
    `${new Date().toISOString()} error simulator failed to start: ${
      (error as Error).stack ?? error
    }\n`,
  );
  process.exit(1);
});
