/**
 * Kubernetes label selectors (`a=b,c!=d,e in (f,g),!h`), to pick an entity's
 * jobs out of the history the way the apiserver picks them from its objects.
 */
type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'absent'; key: string };

export type LabelSelector = Requirement[];

/** Splits on commas outside parentheses. */
function terms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map(t => t.trim()).filter(Boolean);
}

/** Parses a selector; throws on text the apiserver would refuse too. */
export function parseLabelSelector(text: string): LabelSelector {
  return terms(text).map((term): Requirement => {
    const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
    if (set) {
      return {
        op: set[2] as 'in' | 'notin',
        key: set[1],
        values: set[3]
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      };
    }
    const pair = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (pair) {
      return {
        op: pair[2] === '!=' ? 'neq' : 'eq',
        key: pair[1],
        value: pair[3],
      };
    }
    if (/^![^!=\s()]+$/.test(term)) return { op: 'absent', key: term.slice(1) };
    if (/^[^!=\s()]+$/.test(term)) return { op: 'exists', key: term };
    throw new Error(`'${term}' is not a label selector term`);
  });
}

export function matchesSelector(
  selector: LabelSelector,
  labels: Record<string, string>,
): boolean {
  return selector.every(r => {
    const value = labels[r.key];
    switch (r.op) {
      case 'eq':
        return value === r.value;
      case 'neq':
        return value !== r.value;
      case 'in':
        return value !== undefined && r.values.includes(value);
      case 'notin':
        return value === undefined || !r.values.includes(value);
      case 'exists':
        return value !== undefined;
      default:
        return value === undefined;
    }
  });
}
