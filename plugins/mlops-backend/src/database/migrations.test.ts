import { createTestDatabases } from '../__testUtils__/databases';
import {
  applyDatabaseMigrations,
  rollbackDatabaseMigrations,
} from './migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();

async function tables(knex: Awaited<ReturnType<typeof databases.init>>) {
  if (String(knex.client.config.client).includes('pg')) {
    const rows = await knex('pg_tables')
      .select('tablename')
      .where('schemaname', 'public');
    return rows.map((r: { tablename: string }) => r.tablename).sort();
  }
  const rows = await knex('sqlite_master')
    .select('name')
    .where('type', 'table')
    .whereNot('name', 'like', 'sqlite_%');
  return rows.map((r: { name: string }) => r.name).sort();
}

describe.each(databases.eachSupportedId())('migrations on %s', id => {
  it('go up, are idempotent, and come down leaving only knex bookkeeping', async () => {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const up = await tables(knex);
    await applyDatabaseMigrations(knex);
    expect(await tables(knex)).toEqual(up);
    await rollbackDatabaseMigrations(knex);
    expect(await tables(knex)).toEqual([
      'knex_migrations',
      'knex_migrations_lock',
    ]);
  });
});
