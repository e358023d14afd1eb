import {
  LabelOperator,
  LabelRequirement,
  labelRequirementProblem,
  meetsRequirement,
} from './labelRequirement';
import {
  SelectorToken,
  selectorTokens,
  TokenKind,
} from './labelSelectorTokens';

/** A parsed label selector: every requirement must hold. @public */
export type LabelSelector = LabelRequirement[];

/** What parsing a label selector gives: its requirements, or why it is not one. @public */
export type LabelSelectorParse =
  | { ok: true; selector: LabelSelector }
  | { ok: false; message: string };

const REQUIREMENT_FORMS = 'key, !key, key=value, key!=value, key in (a,b)';

const BINARY: Partial<Record<TokenKind, LabelOperator>> = {
  in: 'in',
  notin: 'notin',
  '=': '=',
  '==': '==',
  '!=': '!=',
  '>': 'gt',
  '<': 'lt',
};

class SelectorProblem extends Error {}

/** The term that starts at `at`: up to the next comma outside parentheses. */
function termAt(text: string, at: number): string {
  let depth = 0;
  let end = at;
  for (; end < text.length && text[end] !== '\0'; end++) {
    if (text[end] === '(') depth++;
    if (text[end] === ')') depth--;
    if (text[end] === ',' && depth <= 0) break;
  }
  return text.slice(at, end).trim();
}

/**
 * Parses a label selector exactly as the Kubernetes apiserver does
 * (k8s.io/apimachinery/pkg/labels: Parse, ported step for step): what it
 * refuses comes back as `{ ok: false }` with a message naming the bad term.
 * The empty selector selects everything. @public
 */
export function parseLabelSelector(text: string): LabelSelectorParse {
  const tokens = selectorTokens(text);
  let position = 0;
  let termStart = 0;
  // Where a key or values are expected, `in` and `notin` are plain words.
  const asWord = (t: SelectorToken): SelectorToken =>
    t.kind === 'in' || t.kind === 'notin' ? { ...t, kind: 'identifier' } : t;
  const peek = () => asWord(tokens[position]);
  const next = () => asWord(tokens[position++]);
  const fail = (t: SelectorToken, expected: string, whole = false): never => {
    const found = t.kind === 'end' ? 'the end' : `'${t.text}'`;
    const what = whole
      ? `"${text.trim()}" is not a label selector`
      : `"${termAt(
          text,
          termStart,
        )}" is not a label requirement (${REQUIREMENT_FORMS})`;
    throw new SelectorProblem(`${what}: found ${found}, expected ${expected}`);
  };

  const valueList = (): string[] => {
    const values: string[] = [];
    for (;;) {
      const t = next();
      if (t.kind === 'identifier') {
        values.push(t.text);
        const after = peek();
        if (after.kind === ')') return values;
        if (after.kind !== ',') fail(after, "',' or ')'");
      } else if (t.kind === ',') {
        // Empty places in the list (`(,a)`, `(a,,b)`, `(a,)`) are empty values.
        if (values.length === 0) values.push('');
        const after = peek();
        if (after.kind === ')') return [...values, ''];
        if (after.kind === ',') {
          next();
          values.push('');
        }
      } else fail(t, "',' or a value");
    }
  };

  const valueSet = (): string[] => {
    const open = next();
    if (open.kind !== '(') fail(open, "'('");
    const first = peek();
    if (first.kind === ')') {
      next();
      return [''];
    }
    if (first.kind !== 'identifier' && first.kind !== ',') {
      fail(first, "',', ')' or a value");
    }
    const values = valueList();
    const close = next();
    if (close.kind !== ')') fail(close, "')'");
    return values;
  };

  const exactValue = (): string[] => {
    const t = peek();
    if (t.kind === 'end' || t.kind === ',') return [''];
    next();
    return t.kind === 'identifier' ? [t.text] : fail(t, 'a value');
  };

  const requirement = (): LabelRequirement => {
    let t = next();
    const absent = t.kind === '!';
    if (absent) t = next();
    if (t.kind !== 'identifier') fail(t, 'a label key');
    const after = peek().kind;
    let parsed: LabelRequirement;
    if (absent || after === 'end' || after === ',') {
      parsed = { key: t.text, operator: absent ? '!' : 'exists', values: [] };
    } else {
      const operatorToken = tokens[position++];
      const operator = BINARY[operatorToken.kind];
      if (!operator) return fail(operatorToken, 'in, notin, =, ==, !=, > or <');
      const values =
        operator === 'in' || operator === 'notin' ? valueSet() : exactValue();
      parsed = { key: t.text, operator, values: [...new Set(values)] };
    }
    const problem = labelRequirementProblem(parsed);
    if (problem) throw new SelectorProblem(problem);
    return parsed;
  };

  try {
    const selector: LabelSelector = [];
    for (;;) {
      const t = peek();
      if (t.kind === 'end') return { ok: true, selector };
      if (t.kind !== 'identifier' && t.kind !== '!') {
        return fail(t, "'!', a label key or the end", true);
      }
      termStart = t.at;
      selector.push(requirement());
      const after = next();
      if (after.kind === 'end') return { ok: true, selector };
      if (after.kind !== ',') fail(after, "',' or the end");
      const following = peek();
      if (following.kind !== 'identifier' && following.kind !== '!') {
        fail(following, "a label requirement after ','", true);
      }
    }
  } catch (e) {
    if (e instanceof SelectorProblem) return { ok: false, message: e.message };
    throw e;
  }
}

/**
 * Whether an object with these labels is selected, as the apiserver decides:
 * `!=` and `notin` select objects without the key; `=`, `in`, `gt` and `lt`
 * need it. @public
 */
export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>>,
): boolean {
  return selector.every(r => meetsRequirement(r, labels));
}
