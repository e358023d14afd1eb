import {
  AnalysisMeasurementView,
  AnalysisMetricView,
  AnalysisRunView,
} from '@internal/plugin-mlops-common';
import { isoOrNull } from '../shared/dates';
import {
  ArgoAnalysisRun,
  ROLLOUT_HASH_LABEL,
  ROLLOUT_REVISION_ANNOTATION,
} from '../upstream/kubernetes/argoRolloutsTypes';
import { comparisonOf } from './conditionThreshold';
import { firstNumberOf } from './figures';

type Metric = NonNullable<
  NonNullable<ArgoAnalysisRun['spec']>['metrics']
>[number];
type MetricResult = NonNullable<
  NonNullable<ArgoAnalysisRun['status']>['metricResults']
>[number];

/** An IntOrString count (`3` or `"3"`); null when absent or not a number. */
function countOf(value: number | string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isInteger(n) ? n : null;
}

function providerOf(metric: Metric | undefined): {
  provider: string;
  query: string | null;
} {
  const entries = Object.entries(metric?.provider ?? {});
  if (entries.length === 0) return { provider: 'unknown', query: null };
  const [name, spec] = entries[0];
  const query = (spec as { query?: unknown } | undefined)?.query;
  return { provider: name, query: typeof query === 'string' ? query : null };
}

function measurementView(
  m: NonNullable<MetricResult['measurements']>[number],
): AnalysisMeasurementView {
  return {
    phase: m.phase ?? 'Unknown',
    value: m.value ?? null,
    number: firstNumberOf(m.value),
    message: m.message ?? null,
    startedAt: isoOrNull(m.startedAt),
    finishedAt: isoOrNull(m.finishedAt),
  };
}

function metricView(
  metric: Metric | undefined,
  result: MetricResult | undefined,
): AnalysisMetricView {
  const successCondition = metric?.successCondition || null;
  const failureCondition = metric?.failureCondition || null;
  const compared =
    comparisonOf(failureCondition) ?? comparisonOf(successCondition);
  return {
    name: metric?.name ?? result?.name ?? '',
    ...providerOf(metric),
    successCondition,
    failureCondition,
    threshold: compared?.threshold ?? null,
    interval: metric?.interval ?? null,
    count: countOf(metric?.count),
    failureLimit: countOf(metric?.failureLimit),
    inconclusiveLimit: countOf(metric?.inconclusiveLimit),
    phase: result?.phase ?? null,
    message: result?.message ?? null,
    successful: result?.successful ?? 0,
    failed: result?.failed ?? 0,
    inconclusive: result?.inconclusive ?? 0,
    error: result?.error ?? 0,
    measurements: (result?.measurements ?? []).map(measurementView),
  };
}

/** An AnalysisRun as the page shows it: each metric of its spec with its results. */
export function analysisRunView(run: ArgoAnalysisRun): AnalysisRunView {
  const labels = run.metadata?.labels ?? {};
  const metrics = run.spec?.metrics ?? [];
  const results = run.status?.metricResults ?? [];
  const named = new Set(metrics.map(m => m.name));
  const stepIndex = countOf(labels['step-index']);
  return {
    name: run.metadata?.name ?? '',
    phase: run.status?.phase || 'Pending',
    message: run.status?.message || null,
    type: labels['rollout-type'] ?? null,
    stepIndex,
    podTemplateHash: labels[ROLLOUT_HASH_LABEL] ?? null,
    revision: run.metadata?.annotations?.[ROLLOUT_REVISION_ANNOTATION] ?? null,
    startedAt:
      isoOrNull(run.status?.startedAt) ??
      isoOrNull(run.metadata?.creationTimestamp),
    metrics: [
      ...metrics.map(m =>
        metricView(
          m,
          results.find(r => r.name === m.name),
        ),
      ),
      ...results
        .filter(r => !named.has(r.name))
        .map(r => metricView(undefined, r)),
    ],
  };
}

/** Newest first: by start, then by name (which ends in the revision). */
export function newestRunsFirst(a: AnalysisRunView, b: AnalysisRunView) {
  return (
    (b.startedAt ?? '').localeCompare(a.startedAt ?? '') ||
    b.name.localeCompare(a.name)
  );
}
