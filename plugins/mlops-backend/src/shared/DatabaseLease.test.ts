import { createTestDatabases } from '../__testUtils__/databases';
import { applyDatabaseMigrations } from '../database/migrations';
import { DatabaseLease } from './DatabaseLease';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('DatabaseLease on %s', id => {
  it('is held by one replica at a time, renewed by it, taken over once it expires', async () => {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const a = new DatabaseLease(knex, 'watch', 'a', 15_000);
    const b = new DatabaseLease(knex, 'watch', 'b', 15_000);
    const t = 1_000_000;
    expect(await a.acquire(t)).toBe(true);
    expect(await b.acquire(t)).toBe(false);
    expect(await a.acquire(t + 10_000)).toBe(true);
    expect(await b.acquire(t + 20_000)).toBe(false);
    expect(await a.currentHolder(t + 20_000)).toBe('a');
    // a stopped renewing at t + 10 s: its lease ends at t + 25 s.
    expect(await b.acquire(t + 25_001)).toBe(true);
    expect(await a.acquire(t + 25_002)).toBe(false);
    expect(await b.currentHolder(t + 25_002)).toBe('b');
  });

  it('is free at once when released', async () => {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const a = new DatabaseLease(knex, 'watch', 'a', 15_000);
    const b = new DatabaseLease(knex, 'watch', 'b', 15_000);
    expect(await a.acquire()).toBe(true);
    await b.release();
    expect(await b.acquire()).toBe(false);
    await a.release();
    expect(await a.currentHolder()).toBeNull();
    expect(await b.acquire()).toBe(true);
  });
});
