import { Knex } from 'knex';

const TABLE = 'mlops_leases';

/**
 * Work that one backend replica at a time does for as long as it runs (a
 * watch), unlike a scheduled task's bounded runs: the holder renews the
 * lease well within `ttlMs`; when it stops renewing (killed, cut off from
 * the database) another replica takes the lease once it expires. Replicas'
 * clocks are assumed to agree to well within `ttlMs` (NTP).
 */
export class DatabaseLease {
  constructor(
    private readonly db: Knex,
    readonly name: string,
    readonly holder: string,
    readonly ttlMs: number,
  ) {}

  /** Takes the lease when it is free or expired, renews it when held: true while this replica holds it. */
  async acquire(now = Date.now()): Promise<boolean> {
    await this.db(TABLE)
      .insert({ name: this.name, holder: this.holder, expires_at_ms: 0 })
      .onConflict('name')
      .ignore();
    // One conditional update: of two replicas at once, the second finds it taken.
    const updated = await this.db(TABLE)
      .where({ name: this.name })
      .where(q =>
        q.where({ holder: this.holder }).orWhere('expires_at_ms', '<', now),
      )
      .update({ holder: this.holder, expires_at_ms: now + this.ttlMs });
    return updated === 1;
  }

  /** Lets another replica take the lease at once. */
  async release(): Promise<void> {
    await this.db(TABLE)
      .where({ name: this.name, holder: this.holder })
      .update({ expires_at_ms: 0 });
  }

  /** Who holds the lease, if anyone does now. */
  async currentHolder(now = Date.now()): Promise<string | null> {
    const row = await this.db(TABLE)
      .where({ name: this.name })
      .where('expires_at_ms', '>=', now)
      .first('holder');
    return row?.holder ?? null;
  }
}
