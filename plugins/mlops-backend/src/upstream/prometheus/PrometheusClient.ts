import { SourceErrorKind } from '@internal/plugin-mlops-common';
import { fetchFailure, httpFailure } from './prometheusFailures';

/** One Prometheus instance of `mlops.prometheus.instances`. */
export interface PrometheusInstance {
  name: string;
  url: string;
  /** Clusters it holds metrics of; all when undefined. */
  clusters?: string[];
  /** Label carrying the cluster name on every series. */
  clusterLabel?: string;
  timeoutMs: number;
  /** Base URL for links that browsers open. */
  externalUrl?: string;
  auth?: { header: string; value: string };
}

/** What a query gave: its value or a typed error, and what it cost. */
export type PrometheusAnswer<T> =
  | { ok: true; value: T; durationMs: number }
  | {
      ok: false;
      error: { kind: SourceErrorKind; message: string };
      durationMs: number;
    };

/** Signal name → value of a batched instant query. */
export type SignalValues = Map<string, number | null>;
/** Signal name → [epoch ms, value] points of a batched range query. */
export type SignalSeries = Map<string, Array<[number, number | null]>>;

/** One alert of `GET /api/v1/alerts`. */
export interface RuleAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
  activeAt?: string;
}

type VectorSample = { metric: Record<string, string>; value: [number, string] };
type MatrixSeries = {
  metric: Record<string, string>;
  values: Array<[number, string]>;
};

function toNumber(text: string): number | null {
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * Talks to one Prometheus over its HTTP API. Every call has the instance's
 * timeout (also sent to Prometheus, which then stops the query) and an
 * optional AbortSignal; failures come back typed, never thrown.
 */
export class PrometheusClient {
  /** One client per configured instance, by instance name. */
  static byName(
    instances: PrometheusInstance[],
    fetchFn?: typeof fetch,
  ): Map<string, PrometheusClient> {
    return new Map(
      instances.map(i => [i.name, new PrometheusClient(i, fetchFn)]),
    );
  }

  constructor(
    readonly instance: PrometheusInstance,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  /** Evaluates a batched query at `time`; results keyed by their `mlops_signal` label. */
  async instant(
    query: string,
    time: Date,
    signal?: AbortSignal,
  ): Promise<PrometheusAnswer<SignalValues>> {
    const answer = await this.post<{ resultType: string; result: unknown }>(
      '/api/v1/query',
      { query, time: (time.getTime() / 1000).toFixed(3) },
      signal,
    );
    if (!answer.ok) return answer;
    const values: SignalValues = new Map();
    if (answer.value.resultType !== 'vector') {
      return this.badResponse(answer.durationMs, answer.value.resultType);
    }
    for (const sample of answer.value.result as VectorSample[]) {
      const name = sample.metric.mlops_signal;
      if (name) values.set(name, toNumber(sample.value[1]));
    }
    return { ok: true, value: values, durationMs: answer.durationMs };
  }

  /** Evaluates a query at `time` and returns every sample with its labels. */
  async vector(
    query: string,
    time: Date,
    signal?: AbortSignal,
  ): Promise<
    PrometheusAnswer<
      Array<{ labels: Record<string, string>; value: number | null }>
    >
  > {
    const answer = await this.post<{ resultType: string; result: unknown }>(
      '/api/v1/query',
      { query, time: (time.getTime() / 1000).toFixed(3) },
      signal,
    );
    if (!answer.ok) return answer;
    if (answer.value.resultType !== 'vector') {
      return this.badResponse(answer.durationMs, answer.value.resultType);
    }
    const samples = (answer.value.result as VectorSample[]).map(s => ({
      labels: s.metric,
      value: toNumber(s.value[1]),
    }));
    return { ok: true, value: samples, durationMs: answer.durationMs };
  }

  /** Evaluates a batched query over a range; points in epoch milliseconds. */
  async range(
    query: string,
    start: Date,
    end: Date,
    stepSeconds: number,
    signal?: AbortSignal,
  ): Promise<PrometheusAnswer<SignalSeries>> {
    const answer = await this.post<{ resultType: string; result: unknown }>(
      '/api/v1/query_range',
      {
        query,
        start: (start.getTime() / 1000).toFixed(3),
        end: (end.getTime() / 1000).toFixed(3),
        step: `${stepSeconds}`,
      },
      signal,
    );
    if (!answer.ok) return answer;
    if (answer.value.resultType !== 'matrix') {
      return this.badResponse(answer.durationMs, answer.value.resultType);
    }
    const series: SignalSeries = new Map();
    for (const s of answer.value.result as MatrixSeries[]) {
      const name = s.metric.mlops_signal;
      if (name) {
        series.set(
          name,
          s.values.map(([t, v]) => [Math.round(t * 1000), toNumber(v)]),
        );
      }
    }
    return { ok: true, value: series, durationMs: answer.durationMs };
  }

  /** The alerts of every rule, firing and pending (`GET /api/v1/alerts`). */
  async alerts(signal?: AbortSignal): Promise<PrometheusAnswer<RuleAlert[]>> {
    const answer = await this.request<{ alerts?: RuleAlert[] }>(
      'GET',
      '/api/v1/alerts',
      {},
      signal,
    );
    if (!answer.ok) return answer;
    if (!Array.isArray(answer.value.alerts)) {
      return this.badResponse(answer.durationMs, 'answer without alerts');
    }
    return {
      ok: true,
      value: answer.value.alerts,
      durationMs: answer.durationMs,
    };
  }

  private badResponse(durationMs: number, resultType: string) {
    return {
      ok: false as const,
      error: {
        kind: 'bad-response' as const,
        message: `Prometheus '${this.instance.name}' answered a ${resultType} where a vector or matrix was expected`,
      },
      durationMs,
    };
  }

  private post<T>(
    path: string,
    params: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<PrometheusAnswer<T>> {
    return this.request('POST', path, params, signal);
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<PrometheusAnswer<T>> {
    const { timeoutMs } = this.instance;
    const started = Date.now();
    const took = () => Date.now() - started;
    const timeout = AbortSignal.timeout(timeoutMs);
    const body = new URLSearchParams({ ...params, timeout: `${timeoutMs}ms` });
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method === 'POST') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (this.instance.auth) {
      headers[this.instance.auth.header] = this.instance.auth.value;
    }
    let response: Response;
    let text: string;
    try {
      response = await this.fetchFn(
        `${this.instance.url.replace(/\/+$/, '')}${path}`,
        {
          method,
          headers,
          body: method === 'POST' ? body : undefined,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        },
      );
      text = await response.text();
    } catch (error) {
      const failure = fetchFailure(this.instance, error, timeout.aborted);
      return { ok: false, error: failure, durationMs: took() };
    }
    let parsed: { status?: string; data?: T; error?: string } | undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.ok && parsed?.status === 'success' && parsed.data) {
      return { ok: true, value: parsed.data, durationMs: took() };
    }
    return {
      ok: false,
      error: httpFailure(this.instance, response.status, parsed?.error),
      durationMs: took(),
    };
  }
}
