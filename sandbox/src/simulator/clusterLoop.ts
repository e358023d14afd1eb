import { ensureFleet, executeActions } from './apply';
import { serviceKey } from './chart';
import type { ClusterName, ModelService, TrainingPipeline } from './fleet';
import { assignGpus, gpuAllocations, GpuAssignments } from './gpus';
import type { KubeClient } from './kubeClient';
import { objectPath } from './kubePaths';
import {
  inferenceServiceManifest,
  inferenceServicePhase,
  inferenceServiceStatus,
  phaseStartMs,
} from './kserve';
import { computeServiceLoads } from './load';
import type { SimulatorLogger } from './log';
import type { SimulatorMetrics } from './metrics';
import { HpaMemory, planHpas, planPods, planTrainingRuns } from './plan';
import { isKedaService } from './keda';
import { KedaOperatorStandIn } from './kedaOperator';
import { TrainingOperatorStandIn } from './trainingOperator';
import { Release, releaseKey } from './modelVersions';
import { isRolloutService, ScenarioName, SCENARIOS } from './scenarios';
import { KubeManifest, withSpecHash } from './workloads';
import { ClusterSnapshot, readSnapshot } from './snapshot';

export type ClusterHealth = 'starting' | 'up' | 'down';

export interface ClusterLoopOptions {
  cluster: ClusterName;
  client: KubeClient;
  services: ModelService[];
  /** The services' objects from the model-service chart, by serviceKey. */
  rendered: ReadonlyMap<string, readonly KubeManifest[]>;
  /** The Deployment of each Rollout service's new releases, by releaseKey. */
  canaryReleases: ReadonlyMap<string, KubeManifest>;
  pipelines: TrainingPipeline[];
  namespaces: Map<string, string>;
  metrics: SimulatorMetrics;
  log: SimulatorLogger;
  tickMs: number;
  hpaWriter: 'controller' | 'simulator';
  canaryFailsAfterMs: number;
  /** The sandbox Prometheus, which the ScaledObjects' prometheus triggers query. */
  prometheusUrl?: string;
  scenario: () => { name: ScenarioName; targets: string[]; since: string };
}

const MAX_BACKOFF_MS = 15_000;
/** Wait after a tick that created or deleted objects, to follow up on them quickly. */
const FOLLOW_UP_MS = 1_000;
/** Consecutive failed ticks after which the cluster's series are dropped. */
const FORGET_AFTER_FAILURES = 3;

/**
 * Drives one cluster: make sure the fleet exists, then every tick read the
 * cluster, advance its metrics and apply what the scenario asks for. Each
 * cluster has its own loop, so a dead apiserver never holds up the other.
 */
export class ClusterLoop {
  health: ClusterHealth = 'starting';
  private fleetReady = false;
  private fleetAttempts = 0;
  private nextFleetAttemptMs = 0;
  private allAvailableLogged = false;
  private fleetStartedMs = 0;
  private failures = 0;
  private previous: ClusterSnapshot | undefined;
  private gpuAssignments: GpuAssignments = new Map();
  private hpaMemory = new Map<string, HpaMemory>();
  private wake: (() => void) | undefined;
  /** What was last written of each InferenceService: `phase@start`. */
  private isvcWritten = new Map<string, string>();
  /** The release each Rollout service's Deployment holds, when not stable. */
  private releases = new Map<string, Release>();
  private readonly keda: KedaOperatorStandIn;
  private readonly trainingOperator: TrainingOperatorStandIn;

  constructor(private readonly o: ClusterLoopOptions) {
    this.keda = new KedaOperatorStandIn({
      client: o.client,
      services: o.services.filter(isKedaService),
      prometheusUrl: o.prometheusUrl,
      log: o.log,
    });
    this.trainingOperator = new TrainingOperatorStandIn({
      client: o.client,
      pipelines: o.pipelines,
      log: o.log,
    });
  }

  /** Cuts the current wait short (after a scenario switch). */
  poke(): void {
    this.wake?.();
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let delay = this.o.tickMs;
      try {
        if (await this.tick(signal)) {
          delay = Math.min(delay, FOLLOW_UP_MS);
        }
        if (this.failures > 0 && this.health === 'down') {
          this.o.log.info(`${this.o.cluster}: apiserver reachable again`);
        }
        this.o.log.clear(`${this.o.cluster}:down`);
        this.failures = 0;
        this.health = 'up';
      } catch (error) {
        if (signal.aborted) break;
        this.failures++;
        this.health = 'down';
        this.o.log.once(
          `${this.o.cluster}:down`,
          `${this.o.cluster}: apiserver unreachable (${
            (error as Error).message
          }); retrying with backoff`,
        );
        if (this.failures >= FORGET_AFTER_FAILURES) {
          this.o.metrics.forget(this.o.cluster);
          this.previous = undefined;
          this.isvcWritten.clear();
          this.fleetReady = false;
          this.nextFleetAttemptMs = 0;
        }
        delay = Math.min(
          MAX_BACKOFF_MS,
          this.o.tickMs * 2 ** Math.min(this.failures - 1, 6),
        );
      }
      await this.sleep(delay, signal);
    }
  }

  /** One round; returns whether it created or deleted objects that need a follow-up soon. */
  private async tick(signal: AbortSignal): Promise<boolean> {
    const { cluster, client, log } = this.o;
    if (!this.fleetReady && Date.now() >= this.nextFleetAttemptMs) {
      await this.ensureFleet(signal);
    }
    const { snapshot, errors } = await readSnapshot(
      client,
      cluster,
      this.previous,
      signal,
    );
    if (errors.length) {
      log.once(
        `${cluster}:partial`,
        `${cluster}: some lists failed, using previous items: ${errors[0]}`,
      );
    } else {
      log.clear(`${cluster}:partial`);
    }
    this.previous = snapshot;
    this.reportAvailability(snapshot);

    const nowMs = Date.now();
    const scenario = this.o.scenario();
    this.gpuAssignments = assignGpus(
      this.gpuAssignments,
      snapshot.nodes,
      snapshot.pods,
    );
    const gpus = gpuAllocations(
      cluster,
      this.gpuAssignments,
      snapshot.nodes,
      snapshot.pods,
    );
    const loads = computeServiceLoads(
      this.o.services,
      snapshot.pods,
      scenario.name,
      scenario.targets,
      nowMs,
    );
    this.o.metrics.observe(snapshot, loads, gpus, nowMs);

    const inputs = {
      snapshot,
      services: this.o.services,
      pipelines: this.o.pipelines,
      loads,
      scenario: scenario.name,
      targets: scenario.targets,
      nowMs,
      hpaWriter: this.o.hpaWriter,
      hpaMemory: this.hpaMemory,
    };
    const hpas = planHpas(inputs);
    this.hpaMemory = hpas.memory;
    const actions = [
      ...planPods(inputs),
      ...planTrainingRuns(snapshot.jobs, this.o.pipelines, scenario.name),
      ...hpas.actions,
    ];
    if (actions.length) {
      await executeActions(client, actions, log, signal);
    }
    await this.keda.sync(snapshot, signal);
    const createdPods = await this.trainingOperator.sync(snapshot, signal);
    await this.syncInferenceServices(scenario, nowMs, signal);
    await this.syncReleases(scenario, signal);
    return (
      createdPods ||
      actions.some(a => a.kind === 'create-job' || a.kind === 'delete-pod')
    );
  }

  /**
   * Writes each InferenceService's spec and, through the status subresource,
   * the status KServe would write for the scenario's phase; only on change.
   */
  private async syncInferenceServices(
    scenario: { name: ScenarioName; since: string },
    nowMs: number,
    signal: AbortSignal,
  ): Promise<void> {
    const sinceMs = Date.parse(scenario.since);
    for (const service of this.o.services) {
      const isvc = service.inferenceService;
      if (!isvc) continue;
      const after = this.o.canaryFailsAfterMs;
      const phase = inferenceServicePhase(scenario.name, sinceMs, nowMs, after);
      const written = `${phase}@${phaseStartMs(phase, sinceMs, after)}`;
      const key = `${service.namespace}/${isvc}`;
      if (this.isvcWritten.get(key) === written) continue;
      const options = { signal };
      try {
        await this.o.client.apply(
          inferenceServiceManifest(service, isvc, phase),
          options,
        );
        await this.o.client.patch(
          objectPath('InferenceService', isvc, service.namespace, 'status'),
          { status: inferenceServiceStatus(service, isvc, phase, sinceMs) },
          'merge',
          options,
        );
      } catch (error) {
        if (signal.aborted) throw error;
        // KServe's CRDs missing or the namespace not there yet: retried next tick.
        this.o.log.once(
          `${this.o.cluster}:isvc:${key}`,
          `${this.o.cluster}: InferenceService ${key} not written: ${
            (error as Error).message
          }`,
        );
        continue;
      }
      this.o.log.clear(`${this.o.cluster}:isvc:${key}`);
      this.isvcWritten.set(key, written);
      this.o.log.info(`${this.o.cluster}: InferenceService ${key} ${phase}`);
    }
  }

  /**
   * Puts the release the scenario asks for (the next model version in a
   * canary scenario, the stable one otherwise) into each Rollout service's
   * Deployment; Argo Rollouts' controller does the rest.
   */
  private async syncReleases(
    scenario: { name: ScenarioName; targets: string[] },
    signal: AbortSignal,
  ): Promise<void> {
    for (const service of this.o.services.filter(isRolloutService)) {
      const key = serviceKey(service);
      const wanted: Release =
        (scenario.targets.includes(service.name) &&
          SCENARIOS[scenario.name].canaryRelease) ||
        'stable';
      if ((this.releases.get(key) ?? 'stable') === wanted) continue;
      const deployment = this.deploymentOf(key, wanted);
      if (!deployment) continue;
      try {
        await this.o.client.apply(withSpecHash(deployment), { signal });
      } catch (error) {
        if (signal.aborted) throw error;
        this.o.log.once(
          `${this.o.cluster}:release:${key}`,
          `${this.o.cluster}: ${wanted} release of ${key} not written: ${
            (error as Error).message
          }`,
        );
        continue;
      }
      this.o.log.clear(`${this.o.cluster}:release:${key}`);
      this.releases.set(key, wanted);
      this.o.log.info(
        `${this.o.cluster}: ${key} Deployment -> ${wanted} release`,
      );
    }
  }

  private deploymentOf(
    key: string,
    release: Release,
  ): KubeManifest | undefined {
    return release === 'stable'
      ? this.o.rendered.get(key)?.find(m => m.kind === 'Deployment')
      : this.o.canaryReleases.get(releaseKey(key, release));
  }

  /** The chart's objects with each Rollout service's Deployment as its release is now. */
  private renderedNow(): ReadonlyMap<string, readonly KubeManifest[]> {
    if ([...this.releases.values()].every(r => r === 'stable')) {
      return this.o.rendered;
    }
    const now = new Map(this.o.rendered);
    for (const [key, release] of this.releases) {
      const deployment = this.deploymentOf(key, release);
      if (!deployment) continue;
      now.set(
        key,
        (now.get(key) ?? []).map(m =>
          m.kind === 'Deployment' ? deployment : m,
        ),
      );
    }
    return now;
  }

  private async ensureFleet(signal: AbortSignal): Promise<void> {
    const { cluster, log } = this.o;
    this.fleetStartedMs = Date.now();
    this.allAvailableLogged = false;
    const result = await ensureFleet(
      this.o.client,
      this.o.services,
      this.renderedNow(),
      this.o.namespaces,
      log,
      signal,
    );
    for (const failure of result.failures.slice(0, 3)) {
      log.once(
        `${cluster}:apply:${failure}`,
        `${cluster}: apply failed: ${failure}`,
      );
    }
    log.info(
      `${cluster}: fleet of ${result.services} services in place in ${(
        result.elapsedMs / 1000
      ).toFixed(1)} s ` +
        `(${result.applied} objects applied, ${result.unchanged} unchanged, ${result.pruned} pruned, ${result.failures.length} failed)`,
    );
    this.fleetReady = result.failures.length === 0;
    // Objects that failed to apply are retried, less and less often.
    this.fleetAttempts = this.fleetReady ? 0 : this.fleetAttempts + 1;
    this.nextFleetAttemptMs =
      Date.now() +
      Math.min(300_000, 15_000 * 2 ** Math.max(0, this.fleetAttempts - 1));
  }

  private reportAvailability(snapshot: ClusterSnapshot): void {
    if (this.allAvailableLogged || this.o.services.length === 0) return;
    const wanted = new Set(
      this.o.services.map(s => `${s.namespace}/${s.name}`),
    );
    const available = snapshot.deployments.filter(
      d =>
        wanted.has(`${d.metadata.namespace}/${d.metadata.name}`) &&
        (d.status?.availableReplicas ?? 0) >=
          Math.min(d.spec?.replicas ?? 1, 2),
    ).length;
    if (available === wanted.size) {
      this.allAvailableLogged = true;
      this.o.log.info(
        `${this.o.cluster}: all ${available} Deployments available ${(
          (Date.now() - this.fleetStartedMs) /
          1000
        ).toFixed(1)} s after the fleet apply began`,
      );
    }
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise(resolve => {
      // A tick that swallowed an aborted call must not then sleep a full period.
      if (signal.aborted) {
        resolve();
        return;
      }
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }
}
