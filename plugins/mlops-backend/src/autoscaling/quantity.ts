import { HpaQuantity, parseQuantity } from '@internal/plugin-mlops-common';

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
