/**
 * The one place where PromQL text is put together. Every label value and
 * regex that reaches a query goes through {@link quoteLabelValue} or
 * {@link quoteRegex}; metric and label names must pass the name checks.
 */

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label matcher operators of PromQL. */
export type MatcherOp = '=' | '!=' | '=~' | '!~';

/** One label matcher; `value` is data, never PromQL. */
export interface LabelMatcher {
  label: string;
  op: MatcherOp;
  value: string;
}

export function isMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

export function isLabelName(name: string): boolean {
  return LABEL_NAME.test(name) && !name.startsWith('__');
}

/** A PromQL double-quoted string literal holding exactly `value`. */
export function quoteLabelValue(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** Escapes RE2 metacharacters so that `text` matches only itself. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regex alternative that matches exactly one of `values`. */
export function anyOfRegex(values: readonly string[]): string {
  return values.map(escapeRegex).join('|');
}

export function matcher(label: string, op: MatcherOp, value: string): string {
  if (!isLabelName(label)) {
    throw new Error(`"${label}" is not a valid Prometheus label name`);
  }
  return `${label}${op}${quoteLabelValue(value)}`;
}

/** `metric{label="value", ...}` with every value quoted. */
export function selector(
  metric: string,
  matchers: readonly LabelMatcher[],
): string {
  if (!isMetricName(metric)) {
    throw new Error(`"${metric}" is not a valid Prometheus metric name`);
  }
  const inner = matchers.map(m => matcher(m.label, m.op, m.value)).join(', ');
  return `${metric}{${inner}}`;
}

const DURATION = /^\d+(ms|s|m|h|d|w|y)$/;

/** A range selector `[5m]`; the duration is checked, never passed through. */
export function rangeOf(duration: string): string {
  if (!DURATION.test(duration)) {
    throw new Error(`"${duration}" is not a Prometheus duration`);
  }
  return `[${duration}]`;
}

/** Tags an expression's result with `mlops_signal="<name>"` so that one query can answer many. */
export function tagSignal(expr: string, name: string): string {
  return `label_replace(${expr}, "mlops_signal", ${quoteLabelValue(
    name,
  )}, "", "")`;
}

/** One query answering every tagged expression (each returns at most one unlabelled sample). */
export function batchSignals(signals: Record<string, string>): string {
  return Object.entries(signals)
    .map(([name, expr]) => tagSignal(expr, name))
    .join('\n  or ');
}
