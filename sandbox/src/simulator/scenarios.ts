import type { ModelService } from './fleet';
import type { NewRelease } from './modelVersions';

/**
 * Scenarios and what each one changes. The table is the documentation: every
 * effect the simulator applies is read from here.
 *
 * | scenario             | target            | effect                                                                                   |
 * | -------------------- | ----------------- | ---------------------------------------------------------------------------------------- |
 * | healthy              | -                 | 45-90 rps per service, p95 ~40 ms, ~0.03 % 5xx (within a 99.95 % objective), GPU util follows traffic                  |
 * | error-spike          | first CPU service | ~25 % of requests answer 500/503                                                         |
 * | latency-regression   | first GPU service | p50 ~350 ms, p95 ~900 ms                                                                 |
 * | crashloop            | second CPU service| its pods are OOMKilled every 30 s (real pod status: restarts, CrashLoopBackOff, not ready)|
 * | scale-to-max         | first CPU service | traffic x15 so the HPA reaches maxReplicas (TooManyReplicas)                             |
 * | gpu-job-failures     | sandbox-east Jobs | one Job fails (BackoffLimitExceeded), one is OOMKilled, one waits for 16 GPUs (Pending), one exceeds its deadline (DeadlineExceeded), one holds its GPUs idle |
 * | idle-gpus            | GPU services      | GPUs stay allocated, traffic ~1 rps, DCGM_FI_DEV_GPU_UTIL 0-2 %; one training Job holds its GPUs idle |
 * | cluster-unreachable  | -                 | the CLI stops an apiserver; the simulator keeps going and retries                        |
 * | prometheus-down      | -                 | the CLI stops Prometheus; simulator-written HPAs report FailedGetPodsMetric              |
 * | llm-healthy          | LLM services      | as healthy: TTFT p95 ~320 ms, TPOT p95 ~31 ms, no queue, KV cache under 50 %             |
 * | llm-queue-saturation | LLM services      | every slot taken: waiting requests grow ~10 % of arrivals, TTFT p95 ~5 s, KV cache ~98 %, preemptions |
 * | kserve-canary        | KServe services   | the InferenceService gets canaryTrafficPercent 10: revision 00002 takes 10 %; 60 s later (MLOPS_SANDBOX_CANARY_FAILS_AFTER_S) 00002 fails to load (PredictorReady/Ready False, RevisionFailed) |
 * | mig-jobs             | sandbox-east Jobs | training Jobs on MIG slices of east-gpu-mig-1: one on a 3g.40gb (engine ~75 % active), one of two pods on a 1g.10gb each (busy), one on a 1g.10gb held idle (~1 %); deleted when the scenario ends, like gpu-job-failures' Jobs |
 * | canary-good          | Rollout services  | the next model version (image, MODEL_VERSION) goes into the Deployment its Rollout references: Argo Rollouts' controller runs it as a canary, its analysis passes and the Rollout promotes it |
 * | canary-bad           | Rollout services  | the same new version, whose pods answer ~6 % of requests with 5xx: the analysis fails and the controller aborts the Rollout |
 *
 * A Rollout service's pods answer without errors outside canary-bad, so that
 * its analyses are decided by the scenario, never by a chance error.
 */
export const SCENARIO_NAMES = [
  'healthy',
  'error-spike',
  'latency-regression',
  'crashloop',
  'scale-to-max',
  'gpu-job-failures',
  'idle-gpus',
  'cluster-unreachable',
  'prometheus-down',
  'llm-healthy',
  'llm-queue-saturation',
  'kserve-canary',
  'mig-jobs',
  'canary-good',
  'canary-bad',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export function isScenarioName(value: unknown): value is ScenarioName {
  return (
    typeof value === 'string' &&
    (SCENARIO_NAMES as readonly string[]).includes(value)
  );
}

/** Which service a scenario acts on, chosen from the fleet's order. */
export type TargetRule =
  | 'first-cpu'
  | 'second-cpu'
  | 'first-gpu'
  | 'all-gpu'
  | 'all-llm'
  | 'all-kserve'
  | 'all-rollout';

/** Frameworks whose servers export LLM series (the simulator's vLLM). */
export const LLM_FRAMEWORKS = ['vllm'];

/** How one service behaves under the active scenario. */
export interface ServiceEffects {
  rpsMultiplier: number;
  errorRatio: number;
  /** Latency override; the framework's own latency otherwise. */
  latencyMs?: { p50: number; p95: number };
  /** An LLM server with every slot taken: a growing queue, the KV cache full, first tokens late. */
  llmSaturated?: boolean;
  /** Range of GPU utilisation when set; otherwise it follows traffic. */
  gpuUtilPercent?: [number, number];
  crashLoop: boolean;
}

export interface ScenarioDefinition {
  summary: string;
  target?: TargetRule;
  /** Applied to the target service(s) on top of the healthy baseline. */
  effects?: Partial<ServiceEffects>;
  gpuJobFailures?: boolean;
  /** A running training Job whose GPUs stay at ~1 % utilisation. */
  idleTrainingRun?: boolean;
  /** Training Jobs that ask for MIG slices (nvidia.com/mig-<profile>), busy and idle. */
  migTrainingRuns?: boolean;
  /** False when the HPA's metrics API would be unavailable (simulator-written HPA status). */
  metricsApiAvailable?: boolean;
  /** Rollout services get their next model version, in this build. */
  canaryRelease?: NewRelease;
  /** Applied to the pods of that new version only. */
  canaryEffects?: Partial<ServiceEffects>;
}

export const HEALTHY_EFFECTS: ServiceEffects = {
  rpsMultiplier: 1,
  errorRatio: 0.0003,
  crashLoop: false,
};

export const SCENARIOS: Record<ScenarioName, ScenarioDefinition> = {
  healthy: { summary: 'every service within its SLOs' },
  'error-spike': {
    summary: 'about 25% of requests fail with 500/503',
    target: 'first-cpu',
    effects: { errorRatio: 0.25 },
  },
  'latency-regression': {
    summary: 'p95 latency jumps from ~40 ms to ~900 ms',
    target: 'first-gpu',
    effects: { latencyMs: { p50: 350, p95: 900 } },
  },
  crashloop: {
    summary: 'pods are OOMKilled and restart in a loop',
    target: 'second-cpu',
    effects: { crashLoop: true },
  },
  'scale-to-max': {
    summary: 'traffic x15: the HPA reaches maxReplicas',
    target: 'first-cpu',
    effects: { rpsMultiplier: 15 },
  },
  'gpu-job-failures': {
    summary:
      'training Jobs fail (BackoffLimitExceeded, OOMKilled, DeadlineExceeded), one waits for GPUs, one holds them idle',
    gpuJobFailures: true,
    idleTrainingRun: true,
  },
  'idle-gpus': {
    summary: 'GPUs stay allocated while almost no traffic arrives',
    target: 'all-gpu',
    effects: { rpsMultiplier: 0.02, gpuUtilPercent: [0, 2] },
    idleTrainingRun: true,
  },
  'cluster-unreachable': {
    summary: 'an apiserver is stopped by the sandbox CLI',
  },
  'prometheus-down': {
    summary: 'Prometheus is stopped by the sandbox CLI',
    metricsApiAvailable: false,
  },
  'llm-healthy': {
    summary:
      'LLM services within their time-to-first-token and per-token objectives',
    target: 'all-llm',
  },
  'llm-queue-saturation': {
    summary:
      'LLM services saturated: waiting requests grow, first tokens take seconds, the KV cache is full',
    target: 'all-llm',
    effects: { llmSaturated: true },
  },
  'kserve-canary': {
    summary:
      'InferenceServices roll out a canary at 10 % of traffic; after 60 s (MLOPS_SANDBOX_CANARY_FAILS_AFTER_S) its revision fails to load',
    target: 'all-kserve',
  },
  'mig-jobs': {
    summary:
      'training Jobs run on MIG slices (3g.40gb and 1g.10gb); one holds its slice idle',
    migTrainingRuns: true,
  },
  'canary-good': {
    summary:
      "Rollout services get their next model version: Argo Rollouts' analysis passes and promotes it",
    target: 'all-rollout',
    canaryRelease: 'canary',
  },
  'canary-bad': {
    summary:
      'Rollout services get their next model version, whose pods fail ~6 % of requests: the analysis fails and Argo Rollouts aborts',
    target: 'all-rollout',
    canaryRelease: 'faulty-canary',
    canaryEffects: { errorRatio: 0.06 },
  },
};

/** Names of the services a scenario acts on (empty when it has no service target). */
export function scenarioTargets(
  scenario: ScenarioName,
  services: readonly ModelService[],
): string[] {
  const rule = SCENARIOS[scenario].target;
  const cpu = services.filter(s => s.accelerator === 'cpu');
  const gpu = services.filter(s => s.accelerator === 'gpu');
  const pick = (list: ModelService[], index: number) =>
    list[index] ? [list[index].name] : [];
  switch (rule) {
    case 'first-cpu':
      return pick(cpu, 0);
    case 'second-cpu':
      return cpu.length > 1 ? pick(cpu, 1) : pick(cpu, 0);
    case 'first-gpu':
      return pick(gpu, 0);
    case 'all-gpu':
      return gpu.map(s => s.name);
    case 'all-llm':
      return services
        .filter(s => LLM_FRAMEWORKS.includes(s.framework))
        .map(s => s.name);
    case 'all-kserve':
      return services.filter(s => s.inferenceService).map(s => s.name);
    case 'all-rollout':
      return services.filter(isRolloutService).map(s => s.name);
    default:
      return [];
  }
}

/** Services whose pods an Argo Rollouts Rollout runs (canary or blue-green). */
export function isRolloutService(service: ModelService): boolean {
  return !!service.rolloutStrategy && service.rolloutStrategy !== 'rolling';
}

export function serviceEffects(
  scenario: ScenarioName,
  service: ModelService,
  targets: readonly string[],
): ServiceEffects {
  const definition = SCENARIOS[scenario];
  const base = isRolloutService(service)
    ? { ...HEALTHY_EFFECTS, errorRatio: 0 }
    : HEALTHY_EFFECTS;
  if (!definition.effects || !targets.includes(service.name)) return base;
  return { ...base, ...definition.effects };
}

/**
 * The effects on one pod: a canary's pods (those of the new model version
 * while the scenario rolls it out) get the scenario's canary effects.
 */
export function podEffects(
  scenario: ScenarioName,
  serviceWide: ServiceEffects,
  podModelVersion: string | undefined,
  canaryVersion: string | undefined,
): ServiceEffects {
  const extra = SCENARIOS[scenario].canaryEffects;
  if (!extra || !canaryVersion || podModelVersion !== canaryVersion) {
    return serviceWide;
  }
  return { ...serviceWide, ...extra };
}
