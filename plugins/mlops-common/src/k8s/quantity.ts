const MULTIPLIER: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
// k8s.io/apimachinery/pkg/api/resource: a signed decimal, then one binary
// (Ki..Ei) or decimal (n u m k M G T P E) suffix or an integer exponent.
const QUANTITY =
  /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/**
 * The value of a Kubernetes resource quantity (`500m`, `1.5Gi`, `2e3`, `-1`),
 * or null when it is not one. Numbers (as some API clients hand quantities
 * over) count as themselves; text is read without surrounding whitespace.
 * @public
 */
export function parseQuantity(
  quantity: string | number | undefined | null,
): number | null {
  if (typeof quantity === 'number') {
    return Number.isFinite(quantity) ? quantity : null;
  }
  if (typeof quantity !== 'string') return null;
  const match = QUANTITY.exec(quantity.trim());
  if (!match) return null;
  const [, number, exponent, suffix] = match;
  const value = exponent
    ? Number(`${number}${exponent}`)
    : Number(number) * MULTIPLIER[suffix ?? ''];
  return Number.isFinite(value) ? value : null;
}
