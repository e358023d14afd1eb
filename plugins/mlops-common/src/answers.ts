/* The parts every answer of /api/mlops shares: which upstream sources were
 * asked and how they answered, and the answer for an entity that cannot be read. */

/** Kind of upstream source. @public */
export type SourceKind =
  | 'prometheus'
  | 'kubernetes'
  | 'alertmanager'
  | 'mlflow';

/** Why a source gave no answer. @public */
export type SourceErrorKind =
  | 'timeout'
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'bad-response'
  | 'unsupported-auth'
  | 'not-configured'
  | 'too-many-objects';

/**
 * Set on a source of the local sandbox (`mlops.localSandbox`) that refused
 * the connection or timed out while none of the sandbox's sources answers:
 * the sandbox is not running, so the page shows one line with the command
 * that starts it instead of the source's error.
 * @public
 */
export interface LocalSandboxDown {
  /** The command that starts the sandbox, e.g. `./scripts/start.sh`. */
  startCommand: string;
}

/** What one upstream source answered for this response. @public */
export interface SourceReport {
  kind: SourceKind;
  /** Prometheus instance or cluster name, as configured. */
  name: string;
  ok: boolean;
  error?: { kind: SourceErrorKind; message: string };
  /** Present when the source belongs to the local sandbox and it is not running. */
  localSandboxDown?: LocalSandboxDown;
  /** Upstream HTTP requests made for this answer (0 when served from cache). */
  requests: number;
  durationMs: number;
}

/** An annotation that is missing or unusable. @public */
export interface AnnotationProblem {
  annotation: string;
  value?: string;
  message: string;
}

/** The typed answer for an entity whose annotations say nothing usable. @public */
export interface EntityNotConfigured {
  state: 'not-configured';
  entityRef: string;
  reason:
    | 'missing-annotation'
    | 'invalid-annotation'
    | 'no-prometheus'
    /** The owner holds no namespace the annotations name (mlops.tenancy). */
    | 'namespace-not-bound'
    /** No namespace annotation, and none can be derived from the owner's bindings. */
    | 'namespace-required';
  message: string;
  problems: AnnotationProblem[];
}
