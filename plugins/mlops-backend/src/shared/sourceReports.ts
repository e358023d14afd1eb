import {
  SourceErrorKind,
  SourceKind,
  SourceReport,
} from '@internal/plugin-mlops-common';
import { ClusterAnswer } from '../upstream/kubernetes/clusterCall';
import { LocatedClusters } from '../upstream/kubernetes/KubernetesWorkloadReader';

/** The report of what one cluster answered. */
export function clusterReport(answer: ClusterAnswer<object>): SourceReport {
  return {
    kind: 'kubernetes',
    name: answer.cluster,
    ok: answer.ok,
    ...(answer.ok ? {} : { error: answer.error }),
    requests: answer.requests,
    durationMs: answer.durationMs,
  };
}

/** The report of one upstream answer other than a cluster's. */
export function upstreamReport(
  kind: SourceKind,
  name: string,
  answer:
    | { ok: true; durationMs: number }
    | {
        ok: false;
        error: { kind: SourceErrorKind; message: string };
        durationMs: number;
      },
  requests: number,
): SourceReport {
  return {
    kind,
    name,
    ok: answer.ok,
    ...(answer.ok ? {} : { error: answer.error }),
    requests,
    durationMs: answer.durationMs,
  };
}

/** A source that was not asked because nothing is configured for it. */
export function notConfiguredReport(
  kind: SourceKind,
  name: string,
  message: string,
): SourceReport {
  return {
    kind,
    name,
    ok: false,
    error: { kind: 'not-configured', message },
    requests: 0,
    durationMs: 0,
  };
}

/** Why no cluster was asked: the kubernetes plugin could not locate the entity. */
export function unlocatedReports(located: LocatedClusters): SourceReport[] {
  return located.ok
    ? []
    : [notConfiguredReport('kubernetes', 'kubernetes', located.message)];
}

/** The message when no configured Prometheus serves an entity's clusters. */
export const NO_PROMETHEUS_SERVES =
  'No Prometheus under mlops.prometheus.instances serves the clusters of this entity';
