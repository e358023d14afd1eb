import {
  DatabaseService,
  LoggerService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { ConfigReader } from '@backstage/config';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/** How long a replica waits for another one's migrations: 60 × 2 s. */
export const MIGRATION_LOCK_WAIT = { tries: 60, intervalMs: 2_000 };

/**
 * Another process holds the lock, or is creating knex's own tables at the
 * same moment (PostgreSQL: a duplicate of the table or of its row type).
 */
export function isAnotherReplicaMigrating(error: unknown): boolean {
  const { name, code, message } = (error ?? {}) as {
    name?: string;
    code?: string;
    message?: string;
  };
  if (name === 'MigrationLocked') return true;
  return (
    (code === '23505' || code === '42P07') &&
    /knex_migrations/.test(message ?? '')
  );
}

/**
 * `knex` whose `migrate.latest()` waits while another process holds the
 * migration lock, then runs (finding nothing left to do). Replicas started
 * together otherwise fail at once: knex's MigrationLocked, or PostgreSQL's
 * duplicate key when two create knex's lock table at the same moment.
 */
export function waitingForMigrationLock(
  knex: Knex,
  logger: LoggerService,
  wait = MIGRATION_LOCK_WAIT,
): Knex {
  const latest =
    (migrator: Knex['migrate']) =>
    async (...args: Parameters<Knex['migrate']['latest']>) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await migrator.latest(...args);
        } catch (error) {
          if (!isAnotherReplicaMigrating(error)) throw error;
          if (attempt >= wait.tries) {
            throw new Error(
              `Migrations stayed locked for ${
                (wait.tries * wait.intervalMs) / 1000
              } s; if no other replica is migrating, a replica may have died mid-migration: release the lock with knex migrate:unlock (docs/replicas.md). ${error}`,
            );
          }
          logger.info(
            `Another replica is running this plugin's migrations; waiting (attempt ${attempt})`,
          );
          await new Promise(resolve => setTimeout(resolve, wait.intervalMs));
        }
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
 * plugin's client waiting for the migration lock instead of failing start-up.
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
      getClient: async () =>
        waitingForMigrationLock(await database.getClient(), logger),
    };
  },
});
