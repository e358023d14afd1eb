import { Config } from '@backstage/config';
import { SourceKind, SourceReport } from '@internal/plugin-mlops-common';

/** `mlops.localSandbox`: which sources belong to the local sandbox. */
export interface LocalSandboxConfig {
  startCommand: string;
  sources: Record<SourceKind, string[]>;
}

export function readLocalSandboxConfig(
  root: Config,
): LocalSandboxConfig | undefined {
  const sandbox = root.getOptionalConfig('mlops.localSandbox');
  if (!sandbox) return undefined;
  return {
    startCommand: sandbox.getString('startCommand'),
    sources: {
      kubernetes: sandbox.getOptionalStringArray('clusters') ?? [],
      prometheus: sandbox.getOptionalStringArray('prometheus') ?? [],
      alertmanager: sandbox.getOptionalStringArray('alertmanagers') ?? [],
      mlflow: sandbox.getOptionalStringArray('mlflow') ?? [],
    },
  };
}

/* A sandbox that is not running refuses the connection (or, half up, does not
 * answer in time); any other error is the source's own and is shown as such. */
const DOWN_KINDS = new Set(['unreachable', 'timeout']);

const isDown = (s: SourceReport) =>
  !s.ok && s.error !== undefined && DOWN_KINDS.has(s.error.kind);
/* An ok report with no request and no time is a source nothing was asked of. */
const wasAsked = (s: SourceReport) =>
  !s.ok || s.requests > 0 || s.durationMs > 0;

/**
 * Tells a sandbox that is not running from one whose single cluster or
 * Prometheus is stopped (as the sandbox's own scenarios do): it keeps the
 * latest outcome of each sandbox source over all answers, and the sandbox
 * counts as down only while none of its sources answers.
 */
export class LocalSandboxWatch {
  private readonly latest = new Map<string, boolean>();

  constructor(readonly config: LocalSandboxConfig) {}

  /** The reports with `localSandboxDown` on the sandbox's sources that did not answer. */
  mark(sources: SourceReport[]): SourceReport[] {
    const ofSandbox = sources.filter(
      s => this.config.sources[s.kind].includes(s.name) && wasAsked(s),
    );
    for (const s of ofSandbox)
      this.latest.set(`${s.kind}/${s.name}`, isDown(s));
    const down = [...this.latest.values()].every(Boolean);
    if (!down || !ofSandbox.some(isDown)) return sources;
    const mark = { startCommand: this.config.startCommand };
    return sources.map(s =>
      ofSandbox.includes(s) && isDown(s) ? { ...s, localSandboxDown: mark } : s,
    );
  }
}

/** The answer with its sources marked; answers without sources are returned as they are. */
export function withLocalSandboxMarks<T extends object>(
  answer: T,
  watch: LocalSandboxWatch | undefined,
): T {
  if (!watch || !('sources' in answer) || !Array.isArray(answer.sources)) {
    return answer;
  }
  return { ...answer, sources: watch.mark(answer.sources) };
}
