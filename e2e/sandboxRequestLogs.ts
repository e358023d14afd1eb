import { execFileSync } from 'node:child_process';
import path from 'node:path';

/*
 * What reached the sandbox's kube-apiservers and Prometheus, from their audit
 * and query logs, of the sandbox that scripts/lib/e2e.sh started, through
 * `sandbox/bin/sandbox requests|queries` (see
 * sandbox/README.md). Each returns one line per request, so
 * `expect(...).toEqual([])` names what got through when it fails.
 */

function sandboxLines(args: string[]): string[] {
  return execFileSync(
    path.resolve(__dirname, '..', 'sandbox', 'bin', 'sandbox'),
    args,
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 60_000,
    },
  )
    .split('\n')
    .filter(Boolean);
}

/**
 * Requests to the clusters since `since` by anyone but the clusters' own
 * components (the portal's service account, mostly), limited to one
 * namespace (its objects and the Namespace itself) or to cluster-wide ones.
 */
export function sandboxApiRequests(options: {
  since: Date;
  cluster?: 'sandbox-east' | 'sandbox-west';
  namespace?: string;
  clusterWide?: boolean;
}): string[] {
  const args = ['requests', '--list', '--since', options.since.toISOString()];
  if (options.cluster) args.push('--cluster', options.cluster);
  if (options.namespace !== undefined)
    args.push('--namespace', options.namespace);
  if (options.clusterWide) args.push('--cluster-wide');
  return sandboxLines(args);
}

/**
 * Queries sent to Prometheus' HTTP API since `since` whose text contains
 * every string of `matching`, such as `namespace="fraud-ml"`; rule
 * evaluations and the sandbox's prometheus-adapter are left out.
 */
export function sandboxPrometheusQueries(options: {
  since: Date;
  matching: string[];
}): string[] {
  return sandboxLines([
    'queries',
    '--list',
    '--since',
    options.since.toISOString(),
    ...options.matching.flatMap(text => ['--matching', text]),
  ]);
}
