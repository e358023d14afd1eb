import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { SourceReport } from '@internal/plugin-mlops-common';
import { SingleFlight } from './SingleFlight';

/** An answer that says which upstream sources it asked. */
export interface ReportedAnswer {
  cached: boolean;
  sources: SourceReport[];
}

/** How long a computed value is kept: a fixed time, by value, or not at all (0). */
export type TimeToLive<T> = number | ((value: T) => number);

/**
 * Values computed once and shared by every viewer: kept in Backstage's
 * cache for their time to live, and computed at most once at a time per key
 * (single flight), so upstream load does not grow with viewers.
 */
export class SharedAnswers {
  private readonly flights = new SingleFlight();

  constructor(private readonly cache: CacheService) {}

  /** The kept value of `key`, or a shared run of `compute`. */
  async value<T>(
    key: string,
    ttl: TimeToLive<T>,
    compute: () => Promise<T>,
  ): Promise<{ value: T; hit: boolean }> {
    const kept = await this.cache.get(key);
    if (kept !== undefined) return { value: kept as unknown as T, hit: true };
    const value = await this.flights.run(key, async () => {
      const computed = await compute();
      const ttlMs = typeof ttl === 'number' ? ttl : ttl(computed);
      if (ttlMs > 0) {
        await this.cache.set(key, computed as unknown as JsonValue, {
          ttl: ttlMs,
        });
      }
      return computed;
    });
    return { value, hit: false };
  }

  /** Drops the kept value of `key` (this replica's cache), so that the next viewer gets a new one. */
  async forget(key: string): Promise<void> {
    await this.cache.delete(key);
  }

  /**
   * An answer of an endpoint: a kept one is marked `cached` and its sources
   * report no requests, since none were made for this viewer.
   */
  async answer<T extends ReportedAnswer>(
    key: string,
    ttlMs: number,
    compute: () => Promise<T>,
  ): Promise<T> {
    const { value, hit } = await this.value(key, ttlMs, compute);
    return hit ? asCached(value) : value;
  }
}

/** `answer` as served from the cache: no upstream request made for it. */
export function asCached<T extends ReportedAnswer>(answer: T): T {
  return {
    ...answer,
    cached: true,
    sources: answer.sources.map(s => ({ ...s, requests: 0 })),
  };
}
