import { EntityNotConfigured, SourceReport } from './answers';
import { ServingTimeRange } from './paths';

/**
 * Overall serving status: `down` when it does not serve, `degraded` when it
 * serves but breaks an objective or loses replicas, `unknown` when a source
 * needed to tell is missing. @public
 */
export type ServingStatus = 'healthy' | 'degraded' | 'down' | 'unknown';

/** What one finding means for the status; `info` never changes it. @public */
export type StatusReasonSeverity = 'down' | 'degraded' | 'unknown' | 'info';

/** Machine-readable finding behind a status. @public */
export type StatusReasonCode =
  | 'no-ready-replicas'
  | 'replicas-not-ready'
  | 'crash-looping'
  | 'oom-killed'
  | 'errors-critical'
  | 'errors-high'
  | 'error-budget-fast-burn'
  | 'error-budget-slow-burn'
  | 'latency-objective'
  | 'token-latency-burn'
  | 'no-traffic'
  | 'no-metrics'
  | 'metrics-unavailable'
  | 'no-workloads'
  | 'workloads-unavailable'
  | 'cluster-unavailable'
  | 'inferenceservice-not-ready'
  | 'within-objectives';

/** One finding, in words a person on call can act on. @public */
export interface StatusReason {
  code: StatusReasonCode;
  severity: StatusReasonSeverity;
  message: string;
}

/** Latency of prediction requests, in milliseconds; null when not measured. @public */
export interface LatencyFigures {
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Mean latency, for servers that export no quantiles (Triton, TorchServe). */
  meanMs: number | null;
}

/** The four golden signals over the last five minutes. @public */
export interface GoldenSignals {
  requestsPerSecond: number | null;
  /** Share of failed requests (5xx and model errors), 0..1. */
  errorRatio: number | null;
  latency: LatencyFigures;
  saturation: {
    /** CPU used over CPU requested by the serving containers, 0..n. */
    cpuRatio: number | null;
    /** Mean GPU utilisation of the pods' GPUs, 0..1. */
    gpuUtilisation: number | null;
  };
}

/**
 * What an LLM server says of its token streams over the last five minutes;
 * null where the server exports no such figure. @public
 */
export interface LlmFigures {
  /** Time to first token. */
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  /** Time per output token, between the tokens of one stream. */
  tpotP50Ms: number | null;
  tpotP95Ms: number | null;
  inputTokensPerSecond: number | null;
  outputTokensPerSecond: number | null;
  requestsRunning: number | null;
  requestsWaiting: number | null;
  /** KV-cache use of the fullest pod, 0..1. */
  kvCacheUsage: number | null;
  preemptionsPerSecond: number | null;
  /** What its GPUs cost at the fleet's price table; null when no GPU series was found. */
  cost: LlmCost | null;
  /** Where a figure stands in for one the server does not export as such. */
  notes: string[];
}

/** An LLM service's GPUs at list prices (`mlops.fleet.gpuPrices`), and per token. @public */
export interface LlmCost {
  currency: string;
  gpus: number;
  /** GPUs whose model the price table does not list: not in the cost. */
  unpricedGpus: number;
  perHour: number | null;
  outputTokensPerHour: number | null;
  perMillionOutputTokens: number | null;
}

/** The error ratio over one window and how fast it spends the budget. @public */
export interface BurnRateWindow {
  window: string;
  errorRatio: number | null;
  /** errorRatio / (1 - objective): 1 spends exactly the budget over the SLO window. */
  burnRate: number | null;
}

/** One multi-window burn-rate rule, as in the template's alert rules. @public */
export interface BurnRateAlert {
  severity: 'page' | 'ticket';
  longWindow: string;
  shortWindow: string;
  /** Burn rate both windows must exceed. */
  threshold: number;
  /** Null when one of the windows has no data. */
  firing: boolean | null;
}

/**
 * An LLM objective on time to first token (`ttft`) or per output token
 * (`tpot`): 95 % within `p95ObjectiveMs`. Each window's `errorRatio` is the
 * share over the objective, its `burnRate` that share over the 5 % allowed. @public
 */
export interface TokenLatencyObjective {
  figure: 'ttft' | 'tpot';
  p95ObjectiveMs: number;
  burnRates: BurnRateWindow[];
  alerts: BurnRateAlert[];
}

/** Objectives and how the service does against them. @public */
export interface ServiceLevelStatus {
  availabilityObjectivePercent: number;
  latencyP95ObjectiveMs: number;
  windowDays: number;
  /** Share of successful requests over the SLO window, 0..1. */
  availability: number | null;
  /** 1 = untouched, 0 = spent, below 0 = overspent. */
  errorBudgetRemaining: number | null;
  burnRates: BurnRateWindow[];
  alerts: BurnRateAlert[];
  latencyP95Over1hMs: number | null;
  /** The annotated LLM objectives of a server that exports their histograms. */
  tokenObjectives: TokenLatencyObjective[];
}

/** A container of a workload and the image it runs. @public */
export interface ContainerImage {
  container: string;
  image: string;
  /** The image tag, or the workload's `app.kubernetes.io/version` label. */
  version: string | null;
}

/** A Deployment of the service in one cluster. @public */
export interface WorkloadSummary {
  cluster: string;
  namespace: string;
  name: string;
  desiredReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  images: ContainerImage[];
  version: string | null;
}

/** A pod of the service. @public */
export interface PodSummary {
  cluster: string;
  namespace: string;
  name: string;
  phase: string;
  ready: boolean;
  restarts: number;
  waitingReason: string | null;
  lastTermination: {
    reason: string;
    exitCode: number | null;
    finishedAt: string | null;
  } | null;
  node: string | null;
  startedAt: string | null;
}

/** Replicas, restarts and crashes, summed over every cluster that answered. @public */
export interface ReplicaHealth {
  desired: number;
  ready: number;
  restarts: number;
  crashLoopingPods: number;
  /** Containers OOMKilled within the recent window. */
  recentOomKills: number;
  recentWindowMinutes: number;
  workloads: WorkloadSummary[];
  pods: PodSummary[];
  /** More pods exist than the response lists. */
  podsTruncated: boolean;
}

/** Which series the figures come from. @public */
export interface MetricsTarget {
  profileId: string;
  profileTitle: string;
  /** True when the profile was detected from the series rather than annotated. */
  profileDetected: boolean;
  /** The Prometheus instance queried, or null when none serves the entity. */
  prometheus: string | null;
  /** The selector of the profile's request series, as PromQL. */
  selector: string;
  /** False when the selector matched no series. */
  found: boolean;
}

/** A deep link to a tool that shows more. @public */
export interface ServingLink {
  kind: 'grafana' | 'prometheus';
  title: string;
  url: string;
}

/** One condition of an InferenceService, as KServe writes it, with its type in words. @public */
export interface InferenceServiceCondition {
  type: string;
  /** The type in words, e.g. `Predictor ready` for `PredictorReady`. */
  title: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string | null;
  message: string | null;
  /** When the status last changed (`lastTransitionTime`). */
  since: string | null;
  /** Knative's severity: `Info` conditions do not make the service not ready. */
  severity: string | null;
}

/** One traffic target of a component (Knative's TrafficTarget). @public */
export interface InferenceServiceTrafficTarget {
  /** The revision that serves this share; null when the route has not resolved it. */
  revision: string | null;
  percent: number;
  /** `latest` (the canary) and `prev` (the rolled-out one) during a canary rollout. */
  tag: string | null;
  /** True when the target follows the latest ready revision. */
  latestRevision: boolean;
  url: string | null;
}

/** A component (predictor, transformer, explainer): its revisions and traffic split. @public */
export interface InferenceServiceComponent {
  component: string;
  latestCreatedRevision: string | null;
  latestReadyRevision: string | null;
  latestRolledoutRevision: string | null;
  previousRolledoutRevision: string | null;
  traffic: InferenceServiceTrafficTarget[];
  /** `spec.<component>.canaryTrafficPercent`, when a canary is configured. */
  canaryTrafficPercent: number | null;
  url: string | null;
}

/** What KServe says of the model (`status.modelStatus`). @public */
export interface InferenceServiceModelStatus {
  /** UpToDate, InProgress, BlockedByFailedLoad or InvalidSpec. */
  transitionStatus: string | null;
  activeModelState: string | null;
  targetModelState: string | null;
  lastFailure: {
    reason: string | null;
    message: string | null;
    revision: string | null;
    time: string | null;
  } | null;
}

/** A KServe InferenceService behind the entity, in one cluster. @public */
export interface InferenceServiceSummary {
  cluster: string;
  namespace: string;
  name: string;
  /** `status.url`: where clients call it. */
  url: string | null;
  /** `status.address.url`: the cluster-local address. */
  address: string | null;
  /** The `Ready` condition: null when KServe has not written it yet. */
  ready: boolean | null;
  deploymentMode: string | null;
  conditions: InferenceServiceCondition[];
  components: InferenceServiceComponent[];
  model: InferenceServiceModelStatus | null;
}

/** The serving health of one entity. @public */
export interface ModelServingHealth {
  state: 'ok';
  entityRef: string;
  /** When the figures were evaluated (the Prometheus evaluation time). */
  evaluatedAt: string;
  status: ServingStatus;
  /** The findings behind the status, most severe first. */
  reasons: StatusReason[];
  /** Null when no Prometheus answered. */
  signals: GoldenSignals | null;
  /** Null unless the server is an LLM server that exports token figures. */
  llm: LlmFigures | null;
  slo: ServiceLevelStatus | null;
  /** Null when no cluster answered. */
  replicas: ReplicaHealth | null;
  /** The KServe InferenceServices behind the entity; empty when it has none. */
  inferenceServices: InferenceServiceSummary[];
  metrics: MetricsTarget;
  clusters: string[];
  links: ServingLink[];
  sources: SourceReport[];
  /** True when this answer came from the cache. */
  cached: boolean;
}

/** Answer of the serving-health endpoint. @public */
export type ServingHealthResponse = ModelServingHealth | EntityNotConfigured;

/** One step of the serving charts. @public */
export interface ServingTimePoint {
  /** Milliseconds since the epoch. */
  t: number;
  requestsPerSecond: number | null;
  errorRatio: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  meanMs: number | null;
  /** The LLM figures, on the points of a series with `llm` set. */
  ttftP95Ms?: number | null;
  tpotP95Ms?: number | null;
  inputTokensPerSecond?: number | null;
  outputTokensPerSecond?: number | null;
  requestsRunning?: number | null;
  requestsWaiting?: number | null;
  kvCacheUsage?: number | null;
}

/** Traffic, errors and latency over a time range. @public */
export interface ServingTimeSeries {
  state: 'ok';
  entityRef: string;
  range: ServingTimeRange;
  start: string;
  end: string;
  stepSeconds: number;
  latencyP95ObjectiveMs: number;
  /** The server exports LLM figures: the points carry them. */
  llm: boolean;
  points: ServingTimePoint[];
  metrics: MetricsTarget;
  sources: SourceReport[];
  cached: boolean;
}

/** Answer of the serving-timeseries endpoint. @public */
export type ServingTimeSeriesResponse = ServingTimeSeries | EntityNotConfigured;
