/*
 * Counts what reached the sandbox's apiservers and Prometheus, from their
 * audit and query logs. The sandbox CLI runs it (`sandbox requests`,
 * `sandbox queries`); see sandbox/README.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  describeApiRequest,
  parseAuditLog,
  selectApiRequests,
} from './auditLog';
import {
  describePrometheusQuery,
  parseQueryLog,
  QuerySource,
  selectPrometheusQueries,
} from './queryLog';

const SOURCES: QuerySource[] = ['api', 'adapter', 'rules'];

class UsageError extends Error {}

function parseSince(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const since = new Date(value);
  if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(since.getTime())) {
    throw new UsageError(
      `--since ${value}: use an RFC 3339 time such as 2025-01-31T12:00:00Z`,
    );
  }
  return since;
}

/** The current file and the ones kube-apiserver rotated (audit-<time>.log). */
function auditLogLines(state: string, cluster: string): string[] {
  const dir = join(state, 'clusters', cluster);
  if (!existsSync(dir))
    throw new UsageError(`no cluster ${cluster} in ${state}`);
  return readdirSync(dir)
    .filter(f => /^audit(-.+)?\.log$/.test(f))
    .flatMap(f => readFileSync(join(dir, f), 'utf8').split('\n'));
}

function countRequests(state: string, args: string[]): string[] {
  const { values } = parseArgs({
    args,
    options: {
      cluster: { type: 'string', multiple: true },
      namespace: { type: 'string' },
      'cluster-wide': { type: 'boolean' },
      user: { type: 'string' },
      since: { type: 'string' },
      list: { type: 'boolean' },
    },
  });
  const clusters =
    values.cluster ?? readdirSync(join(state, 'clusters')).sort();
  const requests = clusters.flatMap(cluster =>
    selectApiRequests(parseAuditLog(auditLogLines(state, cluster)), {
      since: parseSince(values.since),
      namespace: values.namespace,
      clusterWide: values['cluster-wide'],
      user: values.user,
    }).map(r => `${cluster} ${describeApiRequest(r)}`),
  );
  return values.list ? requests : [String(requests.length)];
}

function countQueries(state: string, args: string[]): string[] {
  const { values } = parseArgs({
    args,
    options: {
      matching: { type: 'string', multiple: true },
      source: { type: 'string', multiple: true },
      since: { type: 'string' },
      list: { type: 'boolean' },
    },
  });
  const sources = (values.source ?? ['api']).flatMap(s =>
    s === 'all' ? SOURCES : [s],
  );
  const unknown = sources.filter(s => !SOURCES.includes(s as QuerySource));
  if (unknown.length) {
    throw new UsageError(
      `--source ${unknown.join(', ')}: use ${SOURCES.join(', ')} or all`,
    );
  }
  // scripts/rotate-query-log.sh keeps the previous file as query.log.1.
  const lines = ['query.log.1', 'query.log']
    .map(f => join(state, 'prometheus', f))
    .filter(f => existsSync(f))
    .flatMap(f => readFileSync(f, 'utf8').split('\n'));
  const queries = selectPrometheusQueries(parseQueryLog(lines), {
    since: parseSince(values.since),
    matching: values.matching,
    sources: sources as QuerySource[],
  }).map(describePrometheusQuery);
  return values.list ? queries : [String(queries.length)];
}

function main(argv: string[]): number {
  const [command, state, ...args] = argv;
  try {
    if (!state || !existsSync(state)) {
      throw new UsageError(`no sandbox state dir ${state ?? ''}`);
    }
    let out: string[];
    if (command === 'requests') out = countRequests(state, args);
    else if (command === 'queries') out = countQueries(state, args);
    else throw new UsageError(`unknown command ${command ?? ''}`);
    process.stdout.write(out.map(l => `${l}\n`).join(''));
    return 0;
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(
      `sandbox ${command ?? ''}: ${(error as Error).message}\n`,
    );
    return usage ? 2 : 1;
  }
}

process.exitCode = main(process.argv.slice(2));
