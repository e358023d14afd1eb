/**
 * `items` in slices of at most `size`: statements that bind one value per
 * item stay under the databases' limits on bound values (SQLite 32766,
 * PostgreSQL 65535) and on statement size.
 */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}
