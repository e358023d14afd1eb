/** An amount of money in the configured currency, e.g. "USD 1,234.50". */
export function formatCost(amount: number | null, currency: string): string {
  if (amount === null) return '–';
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: amount >= 100 ? 0 : 2,
  }).format(amount);
}
