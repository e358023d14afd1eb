import {
  DatabaseService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { ConfigReader } from '@backstage/config';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/** The advisory lock every replica takes around a database's migrations. */
export const MIGRATIONS_LOCK_SQL =
  "SELECT pg_advisory_xact_lock(hashtext('mlops-portal:knex-migrations'))";

/**
 * `knex` whose `migrate.latest()` runs under a PostgreSQL advisory lock of
 * its database: replicas started together run a plugin's migrations one
 * after the other (the later ones find nothing to do). knex's own lock does
 * not cover this: two processes creating its lock table at once fail with a
 * duplicate key, or leave two lock rows that block every later start. The
 * advisory lock goes with its connection, so a replica that dies mid-way
 * never leaves it held.
 */
export function serialisedMigrations(knex: Knex): Knex {
  if (!String(knex.client.config.client).startsWith('pg')) return knex;
  const latest =
    (migrator: Knex['migrate']) =>
    (...args: Parameters<Knex['migrate']['latest']>) =>
      knex.transaction(async lock => {
        await lock.raw(MIGRATIONS_LOCK_SQL);
        return migrator.latest(...args);
      });
  return new Proxy(knex, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'migrate') return value;
      const migrator = value as Knex['migrate'];
      return new Proxy(migrator, {
        get(m, p) {
          if (p === 'latest') return latest(m);
          const v = Reflect.get(m, p);
          return typeof v === 'function' ? v.bind(m) : v;
        },
      });
    },
  });
}

/**
 * Backstage's database service (same config, same databases), with every
 * plugin's migrations serialised across replicas.
 */
export const databaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ config, rootLifecycle, rootLogger }) {
    const database = config.getOptional('backend.database')
      ? config
      : new ConfigReader({
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
        });
    return DatabaseManager.fromConfig(database, { rootLifecycle, rootLogger });
  },
  async factory({ pluginMetadata, lifecycle, logger }, manager) {
    const database = manager.forPlugin(pluginMetadata.getId(), {
      lifecycle,
      logger,
    });
    return {
      ...database,
      getClient: async () => serialisedMigrations(await database.getClient()),
    };
  },
});
