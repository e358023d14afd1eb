import { z } from 'zod';

/** One request to a kube-apiserver, as its audit log (JSON, level Metadata) records it. */
export interface ApiRequest {
  auditId: string;
  receivedAt: Date;
  user: string;
  verb: string;
  uri: string;
  code?: number;
  namespace?: string;
  resource?: string;
  name?: string;
}

export interface ApiRequestFilter {
  since?: Date;
  /** Requests for objects in this namespace, or for the Namespace object itself. */
  namespace?: string;
  /** Requests for objects that are not in one namespace: lists across all namespaces, nodes, namespaces. */
  clusterWide?: boolean;
  user?: string;
}

const eventSchema = z.object({
  kind: z.literal('Event'),
  auditID: z.string(),
  stage: z.string(),
  requestURI: z.string(),
  verb: z.string(),
  user: z.object({ username: z.string().optional() }).optional(),
  objectRef: z
    .object({
      namespace: z.string().optional(),
      resource: z.string().optional(),
      name: z.string().optional(),
    })
    .optional(),
  responseStatus: z.object({ code: z.number().optional() }).optional(),
  requestReceivedTimestamp: z.string(),
});

/**
 * The requests of audit log lines, once each: a watch is logged when it
 * starts and again when it ends, under one audit ID. Lines that are not
 * audit events (a line cut short by rotation) are skipped.
 */
export function parseAuditLog(lines: Iterable<string>): ApiRequest[] {
  const byId = new Map<string, ApiRequest>();
  for (const line of lines) {
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = eventSchema.safeParse(json);
    if (!parsed.success) continue;
    const e = parsed.data;
    const receivedAt = new Date(e.requestReceivedTimestamp);
    if (Number.isNaN(receivedAt.getTime())) continue;
    byId.set(e.auditID, {
      auditId: e.auditID,
      receivedAt,
      user: e.user?.username ?? '',
      verb: e.verb,
      uri: e.requestURI,
      code: e.responseStatus?.code ?? byId.get(e.auditID)?.code,
      namespace: e.objectRef?.namespace,
      resource: e.objectRef?.resource,
      name: e.objectRef?.name,
    });
  }
  return [...byId.values()].sort(
    (a, b) => a.receivedAt.getTime() - b.receivedAt.getTime(),
  );
}

export function selectApiRequests(
  requests: ApiRequest[],
  filter: ApiRequestFilter,
): ApiRequest[] {
  return requests.filter(
    r =>
      (!filter.since || r.receivedAt >= filter.since) &&
      (!filter.user || r.user === filter.user) &&
      (filter.namespace === undefined ||
        r.namespace === filter.namespace ||
        (r.resource === 'namespaces' && r.name === filter.namespace)) &&
      (!filter.clusterWide ||
        (r.resource !== undefined && r.namespace === undefined)),
  );
}

/** One line per request, for a test's failure message. */
export function describeApiRequest(r: ApiRequest): string {
  return [
    r.receivedAt.toISOString(),
    r.user,
    r.verb,
    r.uri,
    r.code ?? '-',
  ].join(' ');
}
