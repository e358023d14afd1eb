import { LabelRequirement } from './labelRequirement';
import { LabelSelector, parseLabelSelector } from './labelSelector';

const WRITTEN: Record<
  LabelRequirement['operator'],
  (r: LabelRequirement) => string
> = {
  exists: r => r.key,
  '!': r => `!${r.key}`,
  '=': r => `${r.key}=${r.values[0]}`,
  '==': r => `${r.key}=${r.values[0]}`,
  '!=': r => `${r.key}!=${r.values[0]}`,
  in: r => `${r.key} in (${[...r.values].sort().join(',')})`,
  notin: r => `${r.key} notin (${[...r.values].sort().join(',')})`,
  gt: r => `${r.key}>${r.values[0]}`,
  lt: r => `${r.key}<${r.values[0]}`,
};

/**
 * A parsed selector written one way only: requirements sorted and without
 * repeats, `==` as `=`, set values sorted, no spaces but around `in`. The
 * apiserver parses the result to the same requirements. @public
 */
export function formatLabelSelector(selector: LabelSelector): string {
  return [...new Set(selector.map(r => WRITTEN[r.operator](r)))]
    .sort()
    .join(',');
}

/**
 * One spelling for every way of writing the same selector (`a=1,b=2` and
 * ` b=2 , a=1` give `a=1,b=2`), for cache keys; text that is no selector
 * comes back trimmed. @public
 */
export function normalLabelSelector(text: string): string {
  const parsed = parseLabelSelector(text);
  return parsed.ok ? formatLabelSelector(parsed.selector) : text.trim();
}
