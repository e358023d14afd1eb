import { SourceErrorKind } from '@internal/plugin-mlops-common';
import type { PrometheusInstance } from './PrometheusClient';

type SourceFailure = { kind: SourceErrorKind; message: string };

/** Why a request to `instance` got no answer: timed out, cancelled or unreachable. */
export function fetchFailure(
  instance: PrometheusInstance,
  error: unknown,
  timedOut: boolean,
): SourceFailure {
  const name = instance.name;
  if (timedOut) {
    return {
      kind: 'timeout',
      message: `Prometheus '${name}' did not answer within ${instance.timeoutMs} ms`,
    };
  }
  const cause = (error as { cause?: { code?: string } })?.cause;
  if ((error as Error)?.name === 'AbortError') {
    return {
      kind: 'timeout',
      message: `The query to Prometheus '${name}' was cancelled`,
    };
  }
  const code = cause?.code ?? 'connection failed';
  return {
    kind: 'unreachable',
    message: `Prometheus '${name}' is unreachable (${code})`,
  };
}

/** What an HTTP status other than success means; `detail` is Prometheus' own error text. */
export function httpFailure(
  instance: PrometheusInstance,
  status: number,
  detail: string | undefined,
): SourceFailure {
  const name = instance.name;
  if (status === 401) {
    return {
      kind: 'unauthorized',
      message: `Prometheus '${name}' refused the credentials (401); check mlops.prometheus.instances[].auth`,
    };
  }
  if (status === 403) {
    return {
      kind: 'forbidden',
      message: `Prometheus '${name}' forbids these queries (403)`,
    };
  }
  if (status === 503 && detail?.includes('timeout')) {
    return {
      kind: 'timeout',
      message: `Prometheus '${name}' gave up on the query: ${detail}`,
    };
  }
  const what = detail ? `: ${detail.slice(0, 300)}` : '';
  return {
    kind: 'bad-response',
    message: `Prometheus '${name}' answered HTTP ${status}${what}`,
  };
}
