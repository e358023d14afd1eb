import { createHash } from 'node:crypto';

/** A source of uniform numbers in [0, 1); injectable so tests are deterministic. */
export type Random = () => number;

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const unitHashes = new Map<string, number>();
const UNIT_HASH_CACHE_LIMIT = 100_000;

/** Stable number in [0, 1) derived from a string, to give each object its own character. */
export function unitHash(key: string): number {
  let value = unitHashes.get(key);
  if (value === undefined) {
    // Called for every pod at every tick and scrape; SHA-1 each time showed in profiles.
    if (unitHashes.size >= UNIT_HASH_CACHE_LIMIT) unitHashes.clear();
    value =
      createHash('sha1').update(key).digest().readUInt32BE(0) / 4294967296;
    unitHashes.set(key, value);
  }
  return value;
}

/** Stable value in [min, max] derived from a string. */
export function hashBetween(key: string, min: number, max: number): number {
  return min + unitHash(key) * (max - min);
}

/**
 * A slow, smooth oscillation in [-1, 1] with a per-key phase, so that
 * values drift over minutes instead of jumping at every scrape.
 */
export function wave(key: string, nowMs: number, periodMs = 600_000): number {
  const phase = unitHash(key) * 2 * Math.PI;
  return Math.sin((2 * Math.PI * nowMs) / periodMs + phase);
}

/** A UUID-shaped identifier derived from a string (stable across restarts). */
export function stableUuid(key: string): string {
  const hex = createHash('sha1').update(key).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-');
}
