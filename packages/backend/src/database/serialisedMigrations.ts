import {
  DatabaseService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { ConfigReader } from '@backstage/config';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const LOCK_KEY = "hashtext('mlops-portal:knex-migrations')";
const TRY_LOCK_SQL = `SELECT pg_try_advisory_lock(${LOCK_KEY}) AS locked`;
const UNLOCK_SQL = `SELECT pg_advisory_unlock(${LOCK_KEY})`;

/** The pg driver's connection, as knex hands it out. */
interface PgConnection {
  query(sql: string): Promise<{ rows: Array<{ locked?: boolean }> }>;
}

/**
 * `knex` whose `migrate.latest()` runs under a PostgreSQL advisory lock of
 * its database: replicas started together run a plugin's migrations one
 * after the other (the later ones find nothing to do). knex's own lock does
 * not cover this: two processes creating its lock table at once fail with a
 * duplicate key, or leave two lock rows that block every later start. The
 * lock is a session lock, polled with try-lock between sleeps: a waiter
 * never sits in a statement, which would hold up the holder's CREATE INDEX
 * CONCURRENTLY (it waits for every running transaction). It goes with its
 * connection, so a replica that dies mid-way never leaves it held.
 */
export function serialisedMigrations(knex: Knex, pollMs = 500): Knex {
  if (!String(knex.client.config.client).startsWith('pg')) return knex;
  const latest =
    (migrator: Knex['migrate']) =>
    async (...args: Parameters<Knex['migrate']['latest']>) => {
      const connection: PgConnection = await knex.client.acquireConnection();
      try {
        while (!(await connection.query(TRY_LOCK_SQL)).rows[0]?.locked) {
          await new Promise(resolve => setTimeout(resolve, pollMs));
        }
        try {
          return await migrator.latest(...args);
        } finally {
          await connection.query(UNLOCK_SQL);
        }
      } finally {
        await knex.client.releaseConnection(connection);
      }
    };
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
