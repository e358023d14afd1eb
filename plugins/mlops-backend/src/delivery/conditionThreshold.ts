/*
 * The number an AnalysisRun's condition compares its result with, e.g. 0.001
 * from `len(result) > 0 && result[0] > (1 - 99.9 / 100)`. Conditions are
 * expr-lang expressions that anyone who can edit an AnalysisTemplate writes:
 * only plain arithmetic (numbers, + - * /, parentheses) is evaluated, by a
 * small parser; anything else gives no threshold.
 */

/** A comparison operator of a condition. */
export type ComparisonOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** `result[0] <op> <threshold>`, read from a condition. */
export interface ConditionComparison {
  op: ComparisonOp;
  threshold: number;
}

const FLIPPED: Record<ComparisonOp, ComparisonOp> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
  '==': '==',
  '!=': '!=',
};

/** The opposite comparison: what fails when `op` is the success condition. */
export const NEGATED: Record<ComparisonOp, ComparisonOp> = {
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
  '==': '!=',
  '!=': '==',
};

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const MAX_LENGTH = 1000;

/** Tokens of plain arithmetic, or null when the text holds anything else. */
function tokensOf(text: string): string[] | null {
  const tokens: string[] = [];
  let rest = text.trim();
  while (rest) {
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push(number[0]);
      rest = rest.slice(number[0].length);
    } else if ('+-*/()'.includes(rest[0])) {
      tokens.push(rest[0]);
      rest = rest.slice(1);
    } else {
      return null;
    }
    rest = rest.trimStart();
  }
  return tokens;
}

/** A recursive-descent parser of + - * / and parentheses over numbers. */
class Arithmetic {
  private at = 0;

  constructor(private readonly tokens: string[]) {}

  /** The value of all the tokens, or null. */
  value(): number | null {
    const value = this.expression(0);
    return this.at === this.tokens.length ? value : null;
  }

  // expression := term (('+' | '-') term)*
  private expression(depth: number): number | null {
    let value = this.term(depth);
    while (value !== null && ['+', '-'].includes(this.tokens[this.at])) {
      const op = this.tokens[this.at++];
      const right = this.term(depth);
      if (right === null) return null;
      value = op === '+' ? value + right : value - right;
    }
    return value;
  }

  // term := factor (('*' | '/') factor)*
  private term(depth: number): number | null {
    let value = this.factor(depth);
    while (value !== null && ['*', '/'].includes(this.tokens[this.at])) {
      const op = this.tokens[this.at++];
      const right = this.factor(depth);
      if (right === null || (op === '/' && right === 0)) return null;
      value = op === '*' ? value * right : value / right;
    }
    return value;
  }

  // factor := number | '(' expression ')' | ('+' | '-') factor
  private factor(depth: number): number | null {
    const token = this.tokens[this.at++];
    if (token === undefined || depth > 50) return null;
    if (token === '-' || token === '+') {
      const value = this.factor(depth + 1);
      if (value === null) return null;
      return token === '-' ? -value : value;
    }
    if (token === '(') {
      const value = this.expression(depth + 1);
      return this.tokens[this.at++] === ')' ? value : null;
    }
    return NUMBER.test(token) ? Number(token) : null;
  }
}

/** The value of plain arithmetic, or null for anything else (names, calls, division by zero). */
export function evaluateArithmetic(text: string): number | null {
  if (text.length > MAX_LENGTH) return null;
  const tokens = tokensOf(text);
  const value = tokens ? new Arithmetic(tokens).value() : null;
  // 1 - 99.9 / 100 is 0.0009999999999998899 in floating point: 0.001.
  return value !== null && Number.isFinite(value)
    ? Number(value.toPrecision(12))
    : null;
}

/** `text` split at `separators` outside parentheses and brackets. */
function splitTopLevel(text: string, separators: string[]): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (depth === 0) {
      const sep = separators.find(s => text.startsWith(s, i));
      if (sep) {
        parts.push(text.slice(start, i));
        start = i + sep.length;
        i += sep.length - 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts.map(p => p.trim());
}

/** Whether the parenthesis opening `text` closes at its end. */
function wrapsAll(text: string): boolean {
  if (!text.startsWith('(') || !text.endsWith(')')) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    if (depth === 0 && i < text.length - 1) return false;
  }
  return depth === 0;
}

/** The clause without parentheses around all of it. */
function unwrapped(clause: string): string {
  let text = clause.trim();
  while (wrapsAll(text)) text = text.slice(1, -1).trim();
  return text;
}

const OPS: ComparisonOp[] = ['<=', '>=', '==', '!=', '<', '>'];
const RESULT = /^result\s*\[\s*0\s*\]$/;

/** One clause `result[0] <op> <arithmetic>` (either way round), or null. */
function clauseComparison(clause: string): ConditionComparison | null {
  const text = unwrapped(clause);
  for (const op of OPS) {
    const sides = splitTopLevel(text, [op]);
    if (sides.length !== 2) continue;
    const [left, right] = sides;
    if (RESULT.test(left)) {
      const threshold = evaluateArithmetic(right);
      return threshold === null ? null : { op, threshold };
    }
    if (RESULT.test(right)) {
      const threshold = evaluateArithmetic(left);
      return threshold === null ? null : { op: FLIPPED[op], threshold };
    }
    return null;
  }
  return null;
}

/**
 * The comparison a condition makes of `result[0]` with a number, e.g.
 * `{ op: '>', threshold: 0.001 }` from
 * `len(result) > 0 && result[0] > (1 - 99.9 / 100)`; null when it makes none
 * or more than one.
 */
export function comparisonOf(
  condition: string | null | undefined,
): ConditionComparison | null {
  if (!condition || condition.length > MAX_LENGTH) return null;
  const found = splitTopLevel(condition, ['&&', '||', ' and ', ' or '])
    .map(clauseComparison)
    .filter((c): c is ConditionComparison => c !== null);
  return found.length === 1 ? found[0] : null;
}
