/*
 * Loads the PrometheusRule objects of the fleet into the sandbox Prometheus
 * the way prometheus-operator does: each object's .spec becomes a rule file,
 * then Prometheus reloads. Every alert's `for:` is shortened to `alertFor`
 * so that alerts fire within about a minute of a scenario switch.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { SimulatorLogger } from './log';
import type { KubeManifest } from './workloads';

interface RuleGroup {
  name: string;
  rules: Array<Record<string, unknown>>;
}

export interface PrometheusRuleObject {
  kind: 'PrometheusRule';
  metadata: { name: string; namespace?: string };
  spec: { groups: RuleGroup[] };
}

export function isPrometheusRule(
  manifest: KubeManifest | PrometheusRuleObject,
): manifest is PrometheusRuleObject {
  return manifest.kind === 'PrometheusRule';
}

/**
 * The rule file of one PrometheusRule, with every alert's `for:` set to
 * `alertFor` and, when given, every group evaluated at `interval`.
 */
export function ruleFile(
  rule: PrometheusRuleObject,
  alertFor: string,
  interval?: string,
): string {
  const groups = rule.spec.groups.map(group => ({
    ...group,
    ...(interval ? { interval } : {}),
    rules: group.rules.map(r =>
      r.alert !== undefined && r.for !== undefined
        ? { ...r, for: alertFor }
        : r,
    ),
  }));
  return stringify({ groups }, { lineWidth: 0 });
}

export interface SyncRuleFilesOptions {
  dir: string;
  alertFor: string;
  /** Evaluation interval of every group; Prometheus' global one when unset. */
  interval?: string;
  prometheusUrl?: string;
  rules: ReadonlyArray<{ cluster: string; rule: PrometheusRuleObject }>;
  log: SimulatorLogger;
}

/** Writes one file per PrometheusRule into `dir` (removing others there) and reloads Prometheus. */
export async function syncRuleFiles(o: SyncRuleFilesOptions): Promise<void> {
  await mkdir(o.dir, { recursive: true });
  const wanted = new Map(
    o.rules.map(({ cluster, rule }) => [
      `${cluster}.${rule.metadata.namespace}.${rule.metadata.name}.yml`,
      ruleFile(rule, o.alertFor, o.interval),
    ]),
  );
  for (const file of await readdir(o.dir)) {
    if (file.endsWith('.yml') && !wanted.has(file)) {
      await rm(join(o.dir, file), { force: true });
    }
  }
  for (const [file, text] of wanted) {
    await writeFile(join(o.dir, file), text);
  }
  if (!o.prometheusUrl) return;
  try {
    const response = await fetch(`${o.prometheusUrl}/-/reload`, {
      method: 'POST',
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    }
    o.log.info(
      `rules: ${wanted.size} PrometheusRule objects loaded into Prometheus (for: ${o.alertFor})`,
    );
  } catch (error) {
    o.log.warn(
      `rules: ${wanted.size} rule files written to ${o.dir}, but Prometheus did not reload ` +
        `(${(error as Error).message}); it reads them when it starts`,
    );
  }
}
