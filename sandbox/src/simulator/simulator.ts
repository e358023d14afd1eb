import { ClusterLoop } from './clusterLoop';
import type { ScenarioControl, ScenarioState } from './control';
import { ClusterName, Fleet, GPU_CLUSTER } from './fleet';
import type { KubeClient } from './kubeClient';
import type { SimulatorLogger } from './log';
import type { SimulatorMetrics } from './metrics';
import { ScenarioName, SCENARIOS, scenarioTargets } from './scenarios';
import type { KubeManifest } from './workloads';

export interface FleetSimulatorOptions {
  fleet: Fleet;
  /** Every service's objects from the model-service chart, by serviceKey. */
  rendered: ReadonlyMap<string, readonly KubeManifest[]>;
  /** The Deployment of each Rollout service's new releases, by releaseKey. */
  canaryReleases: ReadonlyMap<string, KubeManifest>;
  clients: Record<ClusterName, KubeClient>;
  metrics: SimulatorMetrics;
  log: SimulatorLogger;
  tickMs: number;
  hpaWriter: 'controller' | 'simulator';
  canaryFailsAfterMs: number;
  prometheusUrl?: string;
  initialScenario: ScenarioName;
}

/** Owns the active scenario and one loop per cluster. */
export class FleetSimulator implements ScenarioControl {
  private state: ScenarioState;
  private readonly loops = new Map<ClusterName, ClusterLoop>();
  private readonly abort = new AbortController();
  private running: Promise<void[]> | undefined;

  constructor(private readonly o: FleetSimulatorOptions) {
    this.state = this.describe(o.initialScenario);
    for (const cluster of Object.keys(o.clients)) {
      const services = o.fleet.services.filter(s => s.cluster === cluster);
      // Training pipelines need GPUs: they run in the GPU cluster.
      const pipelines = cluster === GPU_CLUSTER ? o.fleet.pipelines : [];
      const namespaces = new Map<string, string>([
        ...services.map(s => [s.namespace, s.team] as [string, string]),
        ...pipelines.map(p => [p.namespace, p.team] as [string, string]),
      ]);
      this.loops.set(
        cluster,
        new ClusterLoop({
          cluster,
          client: o.clients[cluster],
          services,
          rendered: o.rendered,
          canaryReleases: o.canaryReleases,
          pipelines,
          namespaces,
          metrics: o.metrics,
          log: o.log,
          tickMs: o.tickMs,
          hpaWriter: o.hpaWriter,
          canaryFailsAfterMs: o.canaryFailsAfterMs,
          prometheusUrl: o.prometheusUrl,
          scenario: () => this.state,
        }),
      );
    }
  }

  start(): void {
    this.running = Promise.all(
      [...this.loops.values()].map(loop => loop.run(this.abort.signal)),
    );
  }

  /** Aborts in-flight apiserver calls and waits for the loops to return. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  current(): ScenarioState {
    return this.state;
  }

  switchTo(name: ScenarioName): ScenarioState {
    const before = this.state.name;
    if (before !== name) {
      this.state = this.describe(name);
      const targets = this.state.targets.length
        ? ` (targets: ${this.state.targets.join(', ')})`
        : '';
      this.o.log.info(`scenario: ${before} -> ${name}${targets}`);
      for (const loop of this.loops.values()) loop.poke();
    }
    return this.state;
  }

  health(): { clusters: Record<string, string> } {
    return {
      clusters: Object.fromEntries(
        [...this.loops].map(([cluster, loop]) => [cluster, loop.health]),
      ),
    };
  }

  private describe(name: ScenarioName): ScenarioState {
    return {
      name,
      since: new Date().toISOString(),
      summary: SCENARIOS[name].summary,
      targets: scenarioTargets(name, this.o.fleet.services),
    };
  }
}
