/**
 * GPU time per pod: one row per pod of a GPU job, with the GPUs it held and
 * from when to when, so that GPU-hours are sums of what pods really held.
 * Jobs recorded before keep their history as one `coarse` row each (the job's
 * GPUs over its run, estimated). Also the leases that let one backend replica
 * at a time watch the clusters.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mlops_gpu_pods', table => {
    table.comment('The GPU time of each pod of a GPU job');
    table.string('cluster', 253).notNullable();
    table.string('uid', 80).notNullable();
    table.string('job_uid', 64).notNullable();
    table.string('namespace', 253).notNullable();
    table.string('name', 253).notNullable();
    table.string('phase', 16).notNullable();
    table.string('node', 253).nullable();
    table.string('gpu_model', 253).nullable();
    table.integer('gpus').notNullable();
    table.string('gpu_resource', 253).notNullable();
    table.dateTime('started_at', { useTz: true }).nullable();
    table.dateTime('finished_at', { useTz: true }).nullable();
    table
      .string('end_source', 16)
      .nullable()
      .comment('terminated, deleted, job, last-seen or coarse');
    table.integer('end_rank').notNullable().defaultTo(0);
    table.boolean('estimated').notNullable().defaultTo(false);
    table.dateTime('last_running_at', { useTz: true }).nullable();
    table.dateTime('last_seen_at', { useTz: true }).notNullable();
    table.dateTime('gone_at', { useTz: true }).nullable();
    table.primary(['cluster', 'uid']);
    table.index(['cluster', 'job_uid'], 'mlops_gpu_pods_job_idx');
    table.index(['finished_at'], 'mlops_gpu_pods_finished_idx');
  });
  const jobs = await knex('mlops_gpu_jobs')
    .whereNotNull('started_at')
    .select(
      'cluster',
      'uid',
      'namespace',
      'name',
      'state',
      'gpus',
      'gpu_resource',
      'nodes',
      'gpu_model',
      'started_at',
      'finished_at',
      'last_seen_at',
      'gone_at',
    );
  const rows = jobs.map(job => {
    const nodes = JSON.parse(job.nodes || '[]');
    const vanished = !job.finished_at && job.gone_at;
    return {
      cluster: job.cluster,
      uid: `coarse:${job.uid}`,
      job_uid: job.uid,
      namespace: job.namespace,
      name: job.name,
      phase: vanished || job.finished_at ? 'Succeeded' : 'Running',
      node: nodes[0] ?? null,
      gpu_model: job.gpu_model,
      gpus: job.gpus,
      gpu_resource: job.gpu_resource,
      started_at: job.started_at,
      finished_at: job.finished_at ?? (vanished ? job.last_seen_at : null),
      end_source: job.finished_at || vanished ? 'coarse' : null,
      end_rank: job.finished_at || vanished ? 1 : 0,
      estimated: true,
      last_running_at: job.state === 'running' ? job.last_seen_at : null,
      last_seen_at: job.last_seen_at,
      gone_at: job.gone_at,
    };
  });
  for (let i = 0; i < rows.length; i += 100) {
    await knex('mlops_gpu_pods').insert(rows.slice(i, i + 100));
  }

  await knex.schema.createTable('mlops_leases', table => {
    table.comment('Work one backend replica at a time does, and who holds it');
    table.string('name', 128).primary();
    table.string('holder', 253).notNullable();
    table
      .bigInteger('expires_at_ms')
      .notNullable()
      .comment('Epoch milliseconds; the holder renews it before then');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mlops_leases');
  await knex.schema.dropTable('mlops_gpu_pods');
};
