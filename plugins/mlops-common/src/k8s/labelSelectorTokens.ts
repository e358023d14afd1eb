/*
 * The apiserver's lexer of label selectors, step for step
 * (k8s.io/apimachinery/pkg/labels/selector.go: Lexer). Words end at
 * whitespace or at one of `=!(),<>`; operators are the longest of `!`, `!=`,
 * `=`, `==`, `(`, `)`, `,`, `<`, `>`; `in` and `notin` are keywords. Like Go
 * reading a NUL byte, a NUL character reads as the end of input.
 */
export type TokenKind =
  | 'end'
  | 'identifier'
  | 'in'
  | 'notin'
  | '!'
  | '!='
  | '='
  | '=='
  | '('
  | ')'
  | ','
  | '<'
  | '>';

export interface SelectorToken {
  kind: TokenKind;
  text: string;
  /** Index in the selector where the token starts. */
  at: number;
}

const SYMBOLS = new Set(['=', '!', '(', ')', ',', '>', '<']);
const OPERATORS = new Set(['!', '!=', '=', '==', '(', ')', ',', '<', '>']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const END = '\0';

export function selectorTokens(text: string): SelectorToken[] {
  let pos = 0;
  const read = () => (pos < text.length ? text[pos++] : END);

  const symbol = (at: number): SelectorToken => {
    let buffer = '';
    let operator = '';
    for (;;) {
      const ch = read();
      if (ch === END) break;
      if (!SYMBOLS.has(ch)) {
        pos--;
        break;
      }
      buffer += ch;
      if (OPERATORS.has(buffer)) operator = buffer;
      else if (operator) {
        pos--;
        break;
      }
    }
    return { kind: operator as TokenKind, text: operator, at };
  };

  const word = (at: number): SelectorToken => {
    let buffer = '';
    for (;;) {
      const ch = read();
      if (ch === END) break;
      if (SYMBOLS.has(ch) || WHITESPACE.has(ch)) {
        pos--;
        break;
      }
      buffer += ch;
    }
    const kind = buffer === 'in' || buffer === 'notin' ? buffer : 'identifier';
    return { kind, text: buffer, at };
  };

  const tokens: SelectorToken[] = [];
  for (;;) {
    let ch = read();
    while (WHITESPACE.has(ch)) ch = read();
    if (ch === END) {
      tokens.push({ kind: 'end', text: '', at: pos });
      return tokens;
    }
    pos--;
    tokens.push(SYMBOLS.has(ch) ? symbol(pos) : word(pos));
  }
}
