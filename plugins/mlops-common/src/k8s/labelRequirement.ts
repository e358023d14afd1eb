/*
 * One requirement of a label selector and the apiserver's rules for it
 * (k8s.io/apimachinery/pkg/labels: NewRequirement, Requirement.Matches;
 * pkg/util/validation: IsQualifiedName, IsValidLabelValue). Every allowed
 * character is ASCII, so string length is the byte length Go measures.
 */
import { isDnsSubdomain } from './names';

/**
 * The operators of a label requirement, named as the apiserver names them
 * (k8s.io/apimachinery/pkg/selection). `exists` is a bare `key`, `!` is
 * `!key`, `gt`/`lt` are `key>3`/`key<3`. @public
 */
export type LabelOperator =
  | 'exists'
  | '!'
  | '='
  | '=='
  | '!='
  | 'in'
  | 'notin'
  | 'gt'
  | 'lt';

/** One comma-separated term of a label selector. @public */
export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** Empty for `exists` and `!`; one value for `=`, `==`, `!=`, `gt`, `lt`. */
  values: string[];
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const INT64_MIN = -(BigInt(2) ** BigInt(63));
const INT64_MAX = BigInt(2) ** BigInt(63) - BigInt(1);

/** Why `key` is not a label key (`[dns-subdomain/]name`), or undefined when it is one. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return "it has more than one '/'";
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (!prefix) return "the prefix before '/' is empty";
    if (!isDnsSubdomain(prefix)) {
      return "the prefix must be a DNS subdomain: up to 253 lowercase letters, digits, '-' or '.'";
    }
  }
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return "the name must be 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
  }
  return undefined;
}

/** Whether `value` may be a label's value (the empty string may). */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** Go's strconv.ParseInt(text, 10, 64), or undefined where it fails. */
function int64(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value >= INT64_MIN && value <= INT64_MAX ? value : undefined;
}

/** Why the apiserver would refuse this requirement, or undefined. */
export function labelRequirementProblem(
  requirement: LabelRequirement,
): string | undefined {
  const { key, operator, values } = requirement;
  const keyProblem = labelKeyProblem(key);
  if (keyProblem) return `"${key}" is not a label key: ${keyProblem}`;
  const compares = operator === 'gt' || operator === 'lt';
  if (compares && int64(values[0] ?? '') === undefined) {
    return `"${values[0]}" is not a 64-bit integer, which '>' and '<' compare with`;
  }
  const bad = values.find(v => !isLabelValue(v));
  if (bad !== undefined) {
    return `"${bad}" is not a label value: up to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** Whether an object with these labels meets the requirement, as the apiserver decides. */
export function meetsRequirement(
  requirement: LabelRequirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  const { key, operator, values } = requirement;
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  const value = has ? labels[key] : undefined;
  switch (operator) {
    case 'exists':
      return has;
    case '!':
      return !has;
    case '=':
    case '==':
    case 'in':
      return value !== undefined && values.includes(value);
    case '!=':
    case 'notin':
      return value === undefined || !values.includes(value);
    default: {
      const actual = value === undefined ? undefined : int64(value);
      const bound = int64(values[0] ?? '');
      if (actual === undefined || bound === undefined) return false;
      return operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}
