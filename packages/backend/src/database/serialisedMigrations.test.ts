import { TestDatabases } from '@backstage/backend-test-utils';
import { serialisedMigrations } from './serialisedMigrations';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15'],
  disableDocker: true,
});
const describePostgres = databases.supports('POSTGRES_15')
  ? describe
  : describe.skip;

/** A migration that takes a while, written as a knex migration source. */
const slowSource = (log: string[], name: string) => ({
  getMigrations: async () => ['001_slow'],
  getMigrationName: (m: string) => m,
  getMigration: async () => ({
    up: async (knex: { schema: { createTable: Function } }) => {
      log.push(`${name} starts`);
      await new Promise(resolve => setTimeout(resolve, 300));
      await knex.schema.createTable('slow', () => {});
      log.push(`${name} ends`);
    },
    down: async () => {},
  }),
});

describePostgres('serialisedMigrations on PostgreSQL', () => {
  it('two replicas migrating one fresh database at once (two connections): one runs the migration, the other finds it done', async () => {
    const first = await databases.init('POSTGRES_15');
    const second = first;
    const log: string[] = [];
    const [a, b] = await Promise.all([
      serialisedMigrations(first).migrate.latest({
        migrationSource: slowSource(log, 'a'),
      }),
      serialisedMigrations(second).migrate.latest({
        migrationSource: slowSource(log, 'b'),
      }),
    ]);
    expect(log).toHaveLength(2);
    expect(log[0].split(' ')[0]).toBe(log[1].split(' ')[0]);
    expect([a[1].length, b[1].length].sort()).toEqual([0, 1]);
    expect(await first('knex_migrations').count({ n: '*' })).toEqual([
      { n: '1' },
    ]);
  });
});

describe('serialisedMigrations', () => {
  it('leaves other databases as they are', async () => {
    const sqlite = { client: { config: { client: 'better-sqlite3' } } };
    expect(serialisedMigrations(sqlite as never)).toBe(sqlite);
  });
});
