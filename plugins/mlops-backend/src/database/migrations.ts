import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** The plugin's knex migrations: plain JS files in the package's migrations/ folder. */
export const migrationsDirectory = resolvePackagePath(
  '@internal/plugin-mlops-backend',
  'migrations',
);

export async function applyDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDirectory });
}

/** Undoes every migration; for tests of the down steps. */
export async function rollbackDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ directory: migrationsDirectory }, true);
}
