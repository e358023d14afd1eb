import type { ModelRegistryError } from '@internal/plugin-mlops-common';
import type { WireError } from './mlflowWire';

/** A summary or a typed error, with what it cost. */
export type MlflowAnswer<T> =
  | { ok: true; value: T; requests: number; durationMs: number }
  | {
      ok: false;
      error: ModelRegistryError;
      requests: number;
      durationMs: number;
    };

/** One request's body, or its typed error with MLflow's own `error_code` when it sent one. */
export type MlflowReply<T> =
  | { ok: true; body: T }
  | { ok: false; status?: number; wire?: WireError; error: ModelRegistryError };

export interface MlflowTarget {
  name: string;
  url: string;
  timeoutMs: number;
  token?: string;
}

/**
 * The requests of one answer to one MLflow server: a single deadline for all
 * of them, joined with the caller's signal, a count for the answer's source
 * report, and every failure typed.
 */
export class MlflowExchange {
  private readonly started = Date.now();
  private readonly deadline: AbortSignal;
  private readonly signal: AbortSignal;
  private requests = 0;

  constructor(
    private readonly target: MlflowTarget,
    private readonly fetchFn: typeof fetch,
    signal?: AbortSignal,
  ) {
    this.deadline = AbortSignal.timeout(target.timeoutMs);
    this.signal = signal
      ? AbortSignal.any([signal, this.deadline])
      : this.deadline;
  }

  answer<T>(value: T): MlflowAnswer<T> {
    return {
      ok: true,
      value,
      requests: this.requests,
      durationMs: this.took(),
    };
  }

  failed<T>(error: ModelRegistryError): MlflowAnswer<T> {
    return {
      ok: false,
      error,
      requests: this.requests,
      durationMs: this.took(),
    };
  }

  async get<T>(
    path: string,
    params: Record<string, string>,
  ): Promise<MlflowReply<T>> {
    const { name, timeoutMs, token } = this.target;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const base = this.target.url.replace(/\/+$/, '');
    let response: Response;
    let text: string;
    this.requests += 1;
    try {
      response = await this.fetchFn(
        `${base}${path}?${new URLSearchParams(params)}`,
        {
          headers,
          signal: this.signal,
        },
      );
      text = await response.text();
    } catch (error) {
      if (this.deadline.aborted) {
        return failure(
          'timeout',
          `MLflow registry '${name}' did not answer within ${timeoutMs} ms`,
        );
      }
      if ((error as Error)?.name === 'AbortError') {
        return failure(
          'timeout',
          `The request to MLflow registry '${name}' was cancelled`,
        );
      }
      const code =
        (error as { cause?: { code?: string } })?.cause?.code ??
        'connection failed';
      return failure(
        'unreachable',
        `MLflow registry '${name}' is unreachable (${code})`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (response.ok && body && typeof body === 'object') {
      return { ok: true, body: body as T };
    }
    const wire =
      body && typeof body === 'object' ? (body as WireError) : undefined;
    return {
      ok: false,
      status: response.status,
      wire,
      error: httpFailure(name, response.status, wire, body !== undefined),
    };
  }

  private took() {
    return Date.now() - this.started;
  }
}

function failure(kind: ModelRegistryError['kind'], message: string) {
  return { ok: false as const, error: { kind, message } };
}

function httpFailure(
  name: string,
  status: number,
  wire: WireError | undefined,
  json: boolean,
): ModelRegistryError {
  if (status === 401) {
    return {
      kind: 'unauthorized',
      message: `MLflow registry '${name}' refused the credentials (401); check its token`,
    };
  }
  if (status === 403) {
    return {
      kind: 'forbidden',
      message: `MLflow registry '${name}' forbids reading the model registry (403)`,
    };
  }
  if (!json) {
    return {
      kind: 'bad-response',
      message: `MLflow registry '${name}' answered HTTP ${status} without JSON; is its url the tracking server's base URL?`,
    };
  }
  const detail = wire?.error_code
    ? `: ${wire.error_code} ${(wire.message ?? '').slice(0, 300)}`
    : '';
  return {
    kind: 'bad-response',
    message: `MLflow registry '${name}' answered HTTP ${status}${detail}`,
  };
}
