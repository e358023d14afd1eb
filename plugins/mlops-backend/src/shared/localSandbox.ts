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
    },
  };
}

/* A sandbox that is not running refuses the connection (or, half up, does not
 * answer in time); any other error is the source's own and is shown as such. */
const DOWN_KINDS = new Set(['unreachable', 'timeout']);

/** The reports with `localSandboxDown` on the sandbox's sources that did not answer. */
export function markLocalSandboxDown(
  sources: SourceReport[],
  sandbox: LocalSandboxConfig | undefined,
): SourceReport[] {
  if (!sandbox) return sources;
  return sources.map(s =>
    !s.ok &&
    s.error &&
    DOWN_KINDS.has(s.error.kind) &&
    sandbox.sources[s.kind].includes(s.name)
      ? { ...s, localSandboxDown: { startCommand: sandbox.startCommand } }
      : s,
  );
}

/** The answer with its sources marked; answers without sources are returned as they are. */
export function withLocalSandboxMarks<T extends object>(
  answer: T,
  sandbox: LocalSandboxConfig | undefined,
): T {
  if (!sandbox || !('sources' in answer) || !Array.isArray(answer.sources)) {
    return answer;
  }
  return {
    ...answer,
    sources: markLocalSandboxDown(answer.sources, sandbox),
  };
}
