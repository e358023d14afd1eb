import {
  AnalysisMetricView,
  AnalysisRunView,
} from '@internal/plugin-mlops-common';
import { comparisonOf, NEGATED } from './conditionThreshold';
import { figureText, unitOfMetric } from './figures';

/*
 * An AnalysisRun's measurements in words: what failed against which
 * threshold how often, what could not be measured and why, what the running
 * analysis has measured so far.
 */

/** The phases in which a run has judged against the new version. */
export const VERDICTS = ['Failed', 'Error', 'Inconclusive'];
const MAX_MESSAGE = 300;

export const clipped = (text: string) =>
  text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;

/** Measurements that gave a result (Argo's `count`; errors are counted apart). */
const measured = (m: AnalysisMetricView) =>
  m.successful + m.failed + m.inconclusive;

function lastMeasurement(m: AnalysisMetricView, phase: string) {
  return [...m.measurements].reverse().find(x => x.phase === phase);
}

/** "error-ratio 6.1 % > 0.1 % in 2 of 3 measurements". */
function failedText(m: AnalysisMetricView): string {
  const unit = unitOfMetric(m.name);
  const value = lastMeasurement(m, 'Failed')?.number ?? null;
  const failure = comparisonOf(m.failureCondition);
  const success = comparisonOf(m.successCondition);
  const op = failure?.op ?? (success ? NEGATED[success.op] : null);
  const times = `in ${m.failed} of ${measured(m)} measurements`;
  if (value === null) return `${m.name} failed ${times}`;
  if (op === null || m.threshold === null) {
    return `${m.name} ${figureText(value, unit)} failed ${times}`;
  }
  return `${m.name} ${figureText(value, unit)} ${op} ${figureText(
    m.threshold,
    unit,
  )} ${times}`;
}

/** "analysis could not measure error-ratio: <message> (5 errors)". */
function errorText(m: AnalysisMetricView): string {
  const message = lastMeasurement(m, 'Error')?.message ?? m.message;
  const errors = `${m.error} error${m.error === 1 ? '' : 's'}`;
  return `analysis could not measure ${m.name}${
    message ? `: ${clipped(message)}` : ''
  } (${errors})`;
}

function inconclusiveText(m: AnalysisMetricView): string {
  const last = lastMeasurement(m, 'Inconclusive');
  const why =
    last && last.number === null ? ' (the query gave no number to judge)' : '';
  return `${m.name} was inconclusive in ${m.inconclusive} of ${measured(
    m,
  )} measurements${why}`;
}

/** Why a finished run failed, errored or was inconclusive, in words. */
export function verdictOf(run: AnalysisRunView): string {
  const deciding =
    run.metrics.find(m => m.phase === run.phase) ??
    run.metrics.find(m => VERDICTS.includes(m.phase ?? ''));
  if (!deciding) return run.message ?? `analysis ${run.phase.toLowerCase()}`;
  if (deciding.phase === 'Error') return errorText(deciding);
  if (deciding.phase === 'Inconclusive') {
    return `analysis inconclusive: ${inconclusiveText(deciding)}`;
  }
  return failedText(deciding);
}

/** Where in the rollout a run judged: "at step 4", "in background analysis". */
export function placeOf(run: AnalysisRunView): string {
  if (run.stepIndex !== null) return `at step ${run.stepIndex + 1}`;
  switch (run.type) {
    case 'Background':
      return 'in background analysis';
    case 'PrePromotion':
      return 'before promotion';
    case 'PostPromotion':
      return 'after promotion';
    default:
      return '';
  }
}

/** "error-ratio 0.04 % (limit 0.1 %)", the last figure of each metric of a running run. */
export function runningLines(run: AnalysisRunView): string[] {
  const figures = run.metrics.map(m => {
    const last = [...m.measurements].reverse().find(x => x.number !== null);
    if (!last || last.number === null) return `${m.name} not measured yet`;
    const unit = unitOfMetric(m.name);
    const limit =
      m.threshold === null ? '' : ` (limit ${figureText(m.threshold, unit)})`;
    return `${m.name} ${figureText(last.number, unit)}${limit}`;
  });
  const counts = run.metrics.map(m => measured(m));
  const planned = run.metrics.find(m => m.count !== null)?.count;
  const taken = counts.length ? Math.min(...counts) : 0;
  const place = placeOf(run);
  const lines = [
    `analysis running${place ? ` ${place}` : ''}: ${figures.join(', ')}; ${
      planned ? `${taken} of ${planned}` : taken
    } measurements taken`,
  ];
  for (const m of run.metrics.filter(x => x.error > 0)) {
    lines.push(errorText(m));
  }
  return lines;
}
