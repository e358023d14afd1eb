import {
  AnalysisRunView,
  RevisionSlo,
  RolloutView,
} from '@internal/plugin-mlops-common';
import {
  clipped,
  placeOf,
  runningLines,
  VERDICTS,
  verdictOf,
} from './analysisWords';
import { figureText, roundedText } from './figures';

/** What the summary is written from: the view without its words. */
export type RolloutFacts = Omit<RolloutView, 'summary' | 'problems'>;

/** The run that decided the newest revision's fate, if one did. */
export function decidingRun(facts: RolloutFacts): AnalysisRunView | undefined {
  const decided = facts.analysisRuns.filter(r => VERDICTS.includes(r.phase));
  return (
    decided.find(r => r.podTemplateHash === facts.currentHash) ?? decided[0]
  );
}

/** "revision 4 (model version 8)". */
function revisionName(facts: RolloutFacts, hash: string | null): string {
  const revision = facts.revisions.find(r => r.podTemplateHash === hash);
  const name = revision?.revision
    ? `revision ${revision.revision}`
    : `pods ${hash ?? 'unknown'}`;
  return revision?.modelVersion
    ? `${name} (model version ${revision.modelVersion})`
    : name;
}

function abortLines(facts: RolloutFacts): string[] {
  const run = decidingRun(facts);
  const place = run ? placeOf(run) : '';
  const why = run
    ? verdictOf(run)
    : (facts.message ?? 'by hand').replace(/^RolloutAborted: /, '');
  return [
    `aborted${place ? ` ${place}` : ''}: ${why}`,
    `the stable ${revisionName(
      facts,
      facts.stableHash,
    )} runs all pods again; fix and deploy a new version, or retry with kubectl argo rollouts retry rollout ${
      facts.name
    }`,
  ];
}

function progressLine(facts: RolloutFacts, pauseReasons: string[]): string {
  const target = revisionName(facts, facts.currentHash);
  const on =
    facts.canaryWeight === null ? '' : ` on ${facts.canaryWeight} % of pods`;
  const promote = `promote with kubectl argo rollouts promote ${facts.name}`;
  if (facts.strategy === 'blueGreen') {
    const waiting = pauseReasons.includes('BlueGreenPause');
    return `${target} is the preview${
      waiting ? `, waiting to be promoted; ${promote}` : ''
    }`;
  }
  const index = facts.currentStepIndex;
  const step = index === null ? undefined : facts.steps[index];
  if (!step || index === null) return `rolling out ${target}${on}`;
  const paused = pauseReasons.includes('CanaryPauseStep');
  const at = `step ${index + 1} of ${facts.steps.length} (${step.text})`;
  const until = paused && step.text === 'pause until promoted';
  return `${paused ? 'paused at' : 'at'} ${at}: ${target}${on}${
    until ? `; ${promote}` : ''
  }`;
}

function sloText(slo: RevisionSlo): string {
  const parts = [
    slo.errorRatio === null
      ? null
      : `5xx ${figureText(slo.errorRatio, 'percent')}`,
    slo.latencyP95Seconds === null
      ? null
      : `p95 ${figureText(slo.latencyP95Seconds, 'ms')}`,
    slo.requestsPerSecond === null
      ? null
      : `${roundedText(slo.requestsPerSecond)} req/s`,
  ];
  return parts.filter(Boolean).join(', ');
}

/** "over the last 5m: new 5xx 6.1 %, ...; stable 5xx 0.04 %, ..." when both have figures. */
function sloLine(facts: RolloutFacts): string[] {
  const of = (hash: string | null) =>
    facts.revisions.find(r => r.podTemplateHash === hash)?.slo ?? null;
  if (facts.currentHash === facts.stableHash) return [];
  const canary = of(facts.currentHash);
  const stable = of(facts.stableHash);
  if (!canary || !stable) return [];
  return [
    `over the last ${canary.window}: new ${
      sloText(canary) || 'no requests'
    }; stable ${sloText(stable) || 'no requests'}`,
  ];
}

/**
 * What happened to the Rollout, in words a person on call can act on: why
 * it was aborted first, then where it stands, the running analysis and the
 * new and stable revisions' figures.
 */
export function rolloutSummary(
  facts: RolloutFacts,
  pauseReasons: string[],
): string[] {
  if (facts.aborted) return [...abortLines(facts), ...sloLine(facts)];
  if (!facts.currentHash) {
    return [
      'no status yet: is the Argo Rollouts controller running in this cluster?',
    ];
  }
  const lines: string[] = [];
  if (pauseReasons.includes('InconclusiveAnalysisRun')) {
    const run = decidingRun(facts);
    const place = run ? placeOf(run) : '';
    lines.push(
      `paused${place ? ` ${place}` : ''}: ${
        run ? verdictOf(run) : 'analysis inconclusive'
      }; promote or abort by hand`,
    );
  }
  if (facts.phase === 'Degraded' && facts.message) {
    lines.push(`degraded: ${clipped(facts.message)}`);
  }
  if (facts.currentHash === facts.stableHash) {
    if (lines.length === 0) {
      lines.push(
        `${revisionName(facts, facts.stableHash)} is stable: ${
          facts.readyReplicas
        } of ${facts.desiredReplicas ?? facts.readyReplicas} pods ready`,
      );
    }
    return lines;
  }
  lines.push(progressLine(facts, pauseReasons));
  for (const run of facts.analysisRuns.filter(
    r => r.phase === 'Running' && r.podTemplateHash === facts.currentHash,
  )) {
    lines.push(...runningLines(run));
  }
  return [...lines, ...sloLine(facts)];
}
