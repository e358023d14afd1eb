import {
  SourceKind,
  SourceReport,
  StatusReason,
} from '@internal/plugin-mlops-common';

const KIND_NAMES: Record<SourceKind, string> = {
  prometheus: 'Prometheus',
  kubernetes: 'cluster',
  alertmanager: 'Alertmanager',
  mlflow: 'MLflow',
};

/** "Prometheus main", "cluster east". */
export function sourceName(source: SourceReport): string {
  return `${KIND_NAMES[source.kind]} ${source.name}`;
}

/** The failed sources of an answer: the local sandbox's and the others. */
export interface FailedSources {
  /** Sources of the local sandbox that did not answer (it is not running). */
  sandboxDown: SourceReport[];
  /** The command that starts the sandbox, when any of its sources is down. */
  startCommand?: string;
  others: SourceReport[];
}

export function splitFailedSources(sources: SourceReport[]): FailedSources {
  const failed = sources.filter(s => !s.ok && s.error);
  const sandboxDown = failed.filter(s => s.localSandboxDown);
  return {
    sandboxDown,
    startCommand: sandboxDown[0]?.localSandboxDown?.startCommand,
    others: failed.filter(s => !s.localSandboxDown),
  };
}

/** What a source's failure says in one line. */
export function failureText(source: SourceReport): string {
  return source.localSandboxDown
    ? 'the local sandbox is not running'
    : source.error?.message ?? 'no answer';
}

/**
 * Why a chart or list fed by sources of `kinds` may be empty because one
 * did not answer, or undefined when every one answered (then "nothing
 * found" is the truth).
 */
export function failedSourcesMessage(
  sources: SourceReport[],
  kinds: SourceKind[],
): string | undefined {
  const failed = sources.filter(
    s => !s.ok && s.error && kinds.includes(s.kind),
  );
  if (failed.length === 0) return undefined;
  const names = failed.map(sourceName).join(', ');
  const reasons = [...new Set(failed.map(failureText))].join('; ');
  return `No answer from ${names}: ${reasons}`;
}

/* Findings that only repeat which source did not answer. */
const SOURCE_FINDINGS = new Set([
  'metrics-unavailable',
  'workloads-unavailable',
]);

/**
 * The status findings worth showing: when every failed source is the local
 * sandbox's, the one line about the sandbox says it all and the findings
 * that repeat each connection error are left out.
 */
export function reasonsToShow(
  reasons: StatusReason[],
  sources: SourceReport[],
): StatusReason[] {
  const { sandboxDown, others } = splitFailedSources(sources);
  if (sandboxDown.length === 0 || others.length > 0) return reasons;
  return reasons.filter(r => !SOURCE_FINDINGS.has(r.code));
}
