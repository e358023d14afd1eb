import { AlertSilence, SourceErrorKind } from '@internal/plugin-mlops-common';
import { quoteLabelValue } from '../prometheus/promql';
import { SourceAlert } from '../../alerts/entityAlerts';
import {
  parseAlerts,
  parseSilences,
  silenceIds,
  toSourceAlerts,
} from './alertmanagerAnswers';

/** One Alertmanager of `mlops.alerts.alertmanagers`. */
export interface AlertmanagerInstance {
  name: string;
  url: string;
  timeoutMs: number;
  auth?: { header: string; value: string };
}

export type AlertmanagerAnswer =
  | { ok: true; value: SourceAlert[]; requests: number; durationMs: number }
  | {
      ok: false;
      error: { kind: SourceErrorKind; message: string };
      requests: number;
      durationMs: number;
    };

type Reading =
  | { ok: true; body: unknown }
  | { ok: false; error: { kind: SourceErrorKind; message: string } };

/**
 * Reads the active alerts of one Alertmanager (`GET /api/v2/alerts`),
 * filtered there by label, silenced and inhibited ones included; when any
 * is silenced, one more request reads the silences (`GET /api/v2/silences`)
 * for their author, end and comment. Failures come back typed; silences
 * that cannot be read leave just their ids.
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
    const started = Date.now();
    const query = new URLSearchParams({
      active: 'true',
      silenced: 'true',
      inhibited: 'true',
    });
    for (const [label, value] of Object.entries(matchers)) {
      query.append('filter', `${label}=${quoteLabelValue(value)}`);
    }
    const reading = await this.get('alerts', query, signal);
    const alerts = reading.ok ? parseAlerts(reading.body) : undefined;
    if (!alerts) {
      return {
        ok: false,
        error: reading.ok
          ? {
              kind: 'bad-response',
              message: `Alertmanager '${this.instance.name}' answered without a list of alerts`,
            }
          : reading.error,
        requests: 1,
        durationMs: Date.now() - started,
      };
    }
    let silences = new Map<string, AlertSilence>();
    const silenced = silenceIds(alerts).length > 0;
    if (silenced) {
      const answer = await this.get('silences', new URLSearchParams(), signal);
      if (answer.ok) silences = parseSilences(answer.body);
    }
    return {
      ok: true,
      value: toSourceAlerts(alerts, silences),
      requests: silenced ? 2 : 1,
      durationMs: Date.now() - started,
    };
  }

  /** One GET of the API v2, its JSON body or why there is none. */
  private async get(
    what: 'alerts' | 'silences',
    query: URLSearchParams,
    signal?: AbortSignal,
  ): Promise<Reading> {
    const { name, timeoutMs } = this.instance;
    const failed = (kind: SourceErrorKind, message: string) => ({
      ok: false as const,
      error: { kind, message },
    });
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.instance.auth) {
      headers[this.instance.auth.header] = this.instance.auth.value;
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let body: unknown;
    try {
      response = await this.fetchFn(
        `${this.instance.url.replace(/\/+$/, '')}/api/v2/${what}?${query}`,
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
        `Alertmanager '${name}' forbids reading ${what} (403)`,
      );
    }
    if (!response.ok) {
      return failed(
        'bad-response',
        `Alertmanager '${name}' answered HTTP ${response.status} to GET /api/v2/${what}`,
      );
    }
    return { ok: true, body };
  }
}
