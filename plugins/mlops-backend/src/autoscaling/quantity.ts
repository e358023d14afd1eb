import { HpaQuantity } from '@internal/plugin-mlops-common';

const SUFFIX: Record<string, number> = {
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
const QUANTITY =
  /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/** The value of a Kubernetes quantity (`500m`, `1.5Gi`, `2e3`), or null when it is not one. */
export function parseQuantity(
  text: string | number | undefined | null,
): number | null {
  if (typeof text === 'number') return Number.isFinite(text) ? text : null;
  if (typeof text !== 'string') return null;
  const match = QUANTITY.exec(text.trim());
  if (!match) return null;
  const [, number, exponent, suffix] = match;
  const value = exponent
    ? Number(`${number}${exponent}`)
    : Number(number) * SUFFIX[suffix ?? ''];
  return Number.isFinite(value) ? value : null;
}

/** How a metric's numbers read. */
export type QuantityUnit = 'cores' | 'bytes' | 'percent' | 'count';

function trim(n: number): string {
  if (n !== 0 && Math.abs(n) < 0.01) return n.toExponential(1);
  return Number(n.toPrecision(3)).toString();
}

function scaled(n: number, base: number, units: string[]): string {
  let i = 0;
  let v = n;
  while (Math.abs(v) >= base && i < units.length - 1) {
    v /= base;
    i++;
  }
  return `${trim(v)}${units[i]}`;
}

/** A number in the words of its unit: `0.5 cores`, `1.5 GiB`, `80 %`, `1.2k`. */
export function formatQuantity(value: number, unit: QuantityUnit): string {
  switch (unit) {
    case 'percent':
      return `${trim(value)} %`;
    case 'cores':
      return value < 1 && value > 0
        ? `${trim(value * 1000)} millicores`
        : `${trim(value)} cores`;
    case 'bytes':
      return scaled(value, 1024, [
        ' B',
        ' KiB',
        ' MiB',
        ' GiB',
        ' TiB',
        ' PiB',
        ' EiB',
      ]);
    default:
      return scaled(value, 1000, ['', 'k', 'M', 'G', 'T', 'P', 'E']);
  }
}

/** A quantity as the API returns it: parsed and displayed, or marked unknown. */
export function quantityView(
  raw: string | number | undefined | null,
  unit: QuantityUnit,
): HpaQuantity | null {
  if (raw === undefined || raw === null) return null;
  const value = parseQuantity(raw);
  return {
    raw: String(raw),
    value,
    display:
      value === null
        ? `unknown (${String(raw).slice(0, 40)})`
        : formatQuantity(value, unit),
  };
}
