import { z } from 'zod';

/**
 * The sandbox's prometheus-adapter queries end with this PromQL comment
 * (prometheus/adapter.yaml), so they can be told apart from a portal's
 * queries, which come from the same address.
 */
export const ADAPTER_QUERY_MARK = '# sandbox: prometheus-adapter';

/** Who made Prometheus run a query: its rule manager, the sandbox's adapters, or any other client of the HTTP API. */
export type QuerySource = 'rules' | 'adapter' | 'api';

/** One query Prometheus ran, as its query log (`global.query_log_file`) records it. */
export interface PrometheusQuery {
  loggedAt: Date;
  query: string;
  source: QuerySource;
  path?: string;
}

export interface PrometheusQueryFilter {
  since?: Date;
  /** Every one of these strings occurs in the query text. */
  matching?: string[];
  /** Sources to count; the HTTP API's other clients (`api`) when not given. */
  sources?: QuerySource[];
}

const lineSchema = z.object({
  ts: z.string(),
  params: z.object({ query: z.string() }),
  httpRequest: z.object({ path: z.string().optional() }).optional(),
  ruleGroup: z.object({}).passthrough().optional(),
});

/** The queries of query log lines; lines that are not query records are skipped. */
export function parseQueryLog(lines: Iterable<string>): PrometheusQuery[] {
  const queries: PrometheusQuery[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) continue;
    const { ts, params, httpRequest, ruleGroup } = parsed.data;
    const loggedAt = new Date(ts);
    if (Number.isNaN(loggedAt.getTime())) continue;
    let source: QuerySource = 'api';
    if (ruleGroup || !httpRequest) source = 'rules';
    else if (params.query.includes(ADAPTER_QUERY_MARK)) source = 'adapter';
    queries.push({
      loggedAt,
      query: params.query,
      source,
      path: httpRequest?.path,
    });
  }
  return queries;
}

export function selectPrometheusQueries(
  queries: PrometheusQuery[],
  filter: PrometheusQueryFilter,
): PrometheusQuery[] {
  const sources = filter.sources ?? ['api'];
  return queries.filter(
    q =>
      (!filter.since || q.loggedAt >= filter.since) &&
      sources.includes(q.source) &&
      (filter.matching ?? []).every(text => q.query.includes(text)),
  );
}

/** One line per query, for a test's failure message. */
export function describePrometheusQuery(q: PrometheusQuery): string {
  return [
    q.loggedAt.toISOString(),
    q.source,
    q.path ?? '-',
    q.query.replace(/\s+/g, ' '),
  ].join(' ');
}
