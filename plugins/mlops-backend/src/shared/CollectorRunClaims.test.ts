import { createTestDatabases } from '../__testUtils__/databases';
import { applyDatabaseMigrations } from '../database/migrations';
import { CollectorRunClaims } from './CollectorRunClaims';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('CollectorRunClaims on %s', id => {
  it('lets one run per interval start, whoever asks', async () => {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const replicaA = new CollectorRunClaims(knex);
    const replicaB = new CollectorRunClaims(knex);
    const t = (s: number) => new Date(Date.UTC(2026, 11, 15, 9, 0, s));

    expect(await replicaA.claim('task', 3000, t(0))).toBe(true);
    // B saw the task due too and claimed it right after A's run released it.
    expect(await replicaB.claim('task', 3000, t(1))).toBe(false);
    expect(await replicaB.claim('other-task', 3000, t(1))).toBe(true);
    expect(await replicaB.claim('task', 3000, t(6))).toBe(true);
    expect(await replicaA.claim('task', 3000, t(6))).toBe(false);
  });

  it('gives a run to exactly one of several replicas asking at once', async () => {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const now = new Date();
    const claims = await Promise.all(
      [1, 2, 3, 4].map(() =>
        new CollectorRunClaims(knex).claim('t', 3000, now),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
