import knexFactory from 'knex';

/** A query against one database of the test's PostgreSQL. */
export async function query<T>(database: string, sql: string): Promise<T[]> {
  const knex = knexFactory({
    client: 'pg',
    connection: {
      host: '127.0.0.1',
      port: Number(process.env.MLOPS_PG_PORT),
      user: 'postgres',
      database,
    },
    pool: { min: 0, max: 1 },
  });
  try {
    return (await knex.raw(sql)).rows as T[];
  } finally {
    await knex.destroy();
  }
}

/** Per plugin database: migrations recorded, and how many names were recorded twice. */
export async function migrationsPerDatabase(): Promise<
  Record<string, { rows: number; duplicates: number }>
> {
  const databases = await query<{ datname: string }>(
    'postgres',
    "SELECT datname FROM pg_database WHERE datname LIKE 'backstage_plugin_%' ORDER BY datname",
  );
  const result: Record<string, { rows: number; duplicates: number }> = {};
  for (const { datname } of databases) {
    const tables = await query<{ table_name: string }>(
      datname,
      "SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%knex_migrations' ORDER BY 1",
    );
    for (const { table_name } of tables) {
      const [row] = await query<{ rows: string; names: string }>(
        datname,
        `SELECT count(*) AS rows, count(DISTINCT name) AS names FROM "${table_name}"`,
      );
      result[`${datname}.${table_name}`] = {
        rows: Number(row.rows),
        duplicates: Number(row.rows) - Number(row.names),
      };
    }
  }
  return result;
}

/** The keys of every row the mlops collectors recorded. */
export async function recordedHistory(): Promise<{
  scalingEvents: string[];
  gpuJobs: string[];
}> {
  const db = 'backstage_plugin_mlops';
  const events = await query<{ event_key: string }>(
    db,
    'SELECT event_key FROM mlops_scaling_events ORDER BY 1',
  );
  const jobs = await query<{ key: string }>(
    db,
    "SELECT cluster || '/' || uid AS key FROM mlops_gpu_jobs ORDER BY 1",
  );
  return {
    scalingEvents: events.map(e => e.event_key),
    gpuJobs: jobs.map(j => j.key),
  };
}
