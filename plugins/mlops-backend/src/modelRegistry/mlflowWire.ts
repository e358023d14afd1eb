import type {
  ModelVersionSummary,
  TrainingRunSummary,
} from '@internal/plugin-mlops-common';

/* MLflow's REST API (2.0 paths, served unchanged by MLflow 3) as it answers,
 * and the pure mapping to the portal's summaries. Timestamps are epoch ms,
 * sent as numbers (or as strings by some proxies). */

type KeyValue = { key: string; value: string };

export interface WireModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number | string;
  last_updated_timestamp?: number | string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  status_message?: string;
  tags?: KeyValue[];
  aliases?: string[];
}

export interface WireRegisteredModel {
  name: string;
  creation_timestamp?: number | string;
  last_updated_timestamp?: number | string;
  description?: string;
  latest_versions?: WireModelVersion[];
  tags?: KeyValue[];
  aliases?: Array<{ alias: string; version: string }>;
}

export interface WireRun {
  info: {
    run_id?: string;
    run_uuid?: string;
    run_name?: string;
    status?: string;
    start_time?: number | string;
    end_time?: number | string;
  };
  data?: {
    metrics?: Array<{
      key: string;
      value: number;
      timestamp?: number | string;
      step?: number | string;
    }>;
    params?: KeyValue[];
    tags?: KeyValue[];
  };
}

/** MLflow's error body: `{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "..."}`. */
export interface WireError {
  error_code?: string;
  message?: string;
}

export function isoTime(
  epochMs: number | string | undefined,
): string | undefined {
  if (epochMs === undefined || epochMs === null || epochMs === '')
    return undefined;
  const ms = Number(epochMs);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : undefined;
}

function record(pairs: KeyValue[] | undefined): Record<string, string> {
  return Object.fromEntries((pairs ?? []).map(p => [p.key, p.value]));
}

/** A version with the aliases the registered model lists for it (search answers carry none). */
export function toVersionSummary(
  wire: WireModelVersion,
  aliasesByVersion: Map<string, string[]>,
): ModelVersionSummary {
  const stage = wire.current_stage;
  const aliases = new Set([
    ...(wire.aliases ?? []),
    ...(aliasesByVersion.get(wire.version) ?? []),
  ]);
  return {
    version: wire.version,
    aliases: [...aliases].sort(),
    stage: stage && stage !== 'None' ? stage : undefined,
    status: wire.status ?? 'READY',
    statusMessage: wire.status_message || undefined,
    runId: wire.run_id || undefined,
    source: wire.source ?? '',
    createdAt: isoTime(wire.creation_timestamp) ?? '',
    description: wire.description || undefined,
    tags: record(wire.tags),
  };
}

/** A run's latest value per metric (the run's `data.metrics` holds only those), and its params. */
export function toRunSummary(wire: WireRun): TrainingRunSummary {
  const { info, data } = wire;
  const runName =
    info.run_name ?? data?.tags?.find(t => t.key === 'mlflow.runName')?.value;
  return {
    runId: info.run_id ?? info.run_uuid ?? '',
    runName: runName || undefined,
    status: info.status ?? 'UNKNOWN',
    startedAt: isoTime(info.start_time),
    endedAt: isoTime(info.end_time),
    metrics: Object.fromEntries(
      (data?.metrics ?? []).map(m => [m.key, Number(m.value)]),
    ),
    params: record(data?.params),
  };
}

/** Newest first, by version number (versions are decimal strings). */
export function byVersionDescending(
  a: { version: string },
  b: { version: string },
): number {
  return Number(b.version) - Number(a.version);
}
