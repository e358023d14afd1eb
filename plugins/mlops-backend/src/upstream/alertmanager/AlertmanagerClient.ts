import { SourceErrorKind } from '@internal/plugin-mlops-common';
import { quoteLabelValue } from '../prometheus/promql';
import { SourceAlert } from '../../alerts/entityAlerts';

/** One Alertmanager of `mlops.alerts.alertmanagers`. */
export interface AlertmanagerInstance {
  name: string;
  url: string;
  timeoutMs: number;
  auth?: { header: string; value: string };
}

export type AlertmanagerAnswer =
  | { ok: true; value: SourceAlert[]; durationMs: number }
  | {
      ok: false;
      error: { kind: SourceErrorKind; message: string };
      durationMs: number;
    };

type GettableAlert = {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
};

/**
 * Reads the active, unsilenced alerts of one Alertmanager (`GET
 * /api/v2/alerts`), filtered there by label. Failures come back typed.
 */
export class AlertmanagerClient {
  constructor(
    readonly instance: AlertmanagerInstance,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async alerts(
    matchers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<AlertmanagerAnswer> {
    const { name, timeoutMs } = this.instance;
    const started = Date.now();
    const failed = (kind: SourceErrorKind, message: string) => ({
      ok: false as const,
      error: { kind, message },
      durationMs: Date.now() - started,
    });
    const query = new URLSearchParams({
      active: 'true',
      silenced: 'false',
      inhibited: 'false',
    });
    for (const [label, value] of Object.entries(matchers)) {
      query.append('filter', `${label}=${quoteLabelValue(value)}`);
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.instance.auth) {
      headers[this.instance.auth.header] = this.instance.auth.value;
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let body: unknown;
    try {
      response = await this.fetchFn(
        `${this.instance.url.replace(/\/+$/, '')}/api/v2/alerts?${query}`,
        {
          headers,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        },
      );
      body = response.ok ? await response.json() : undefined;
    } catch (error) {
      if (timeout.aborted || (error as Error)?.name === 'AbortError') {
        return failed(
          'timeout',
          `Alertmanager '${name}' did not answer within ${timeoutMs} ms`,
        );
      }
      if (error instanceof SyntaxError) {
        return failed(
          'bad-response',
          `Alertmanager '${name}' answered no JSON`,
        );
      }
      const code =
        (error as { cause?: { code?: string } })?.cause?.code ??
        'connection failed';
      return failed(
        'unreachable',
        `Alertmanager '${name}' is unreachable (${code})`,
      );
    }
    if (response.status === 401) {
      return failed(
        'unauthorized',
        `Alertmanager '${name}' refused the credentials (401); check mlops.alerts.alertmanagers[].auth`,
      );
    }
    if (response.status === 403) {
      return failed(
        'forbidden',
        `Alertmanager '${name}' forbids reading alerts (403)`,
      );
    }
    if (!response.ok || !Array.isArray(body)) {
      return failed(
        'bad-response',
        `Alertmanager '${name}' answered HTTP ${response.status} without a list of alerts`,
      );
    }
    return {
      ok: true,
      value: (body as GettableAlert[]).map(a => ({
        labels: a.labels ?? {},
        annotations: a.annotations ?? {},
        state: 'firing',
        activeAt: a.startsAt ?? null,
      })),
      durationMs: Date.now() - started,
    };
  }
}
