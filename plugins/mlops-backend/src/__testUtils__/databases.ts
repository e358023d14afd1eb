import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { migrationsDirectory } from '../database/migrations';

/**
 * SQLite always; PostgreSQL when scripts/test.sh started a real server and
 * exported BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING. With
 * MLOPS_REQUIRE_POSTGRES set (the unit stage sets it) a missing PostgreSQL is
 * an error rather than a silently smaller test.
 */
const ids: TestDatabaseId[] = ['SQLITE_3', 'POSTGRES_15'];

export function createTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({ ids, disableDocker: true });
  if (
    process.env.MLOPS_REQUIRE_POSTGRES &&
    !databases.supports('POSTGRES_15')
  ) {
    throw new Error(
      'MLOPS_REQUIRE_POSTGRES is set but BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not; run the tests through scripts/test.sh unit',
    );
  }
  return databases;
}

/** Applies the plugin's migrations before `file`: the schema the release before it left. */
export async function migrateUpTo(knex: Knex, file: string): Promise<void> {
  const config = { directory: migrationsDirectory };
  for (;;) {
    const [, pending] = await knex.migrate.list(config);
    const next = (pending as Array<{ file: string }>)[0]?.file;
    if (!next || next === file) return;
    await knex.migrate.up(config);
  }
}
