/**
 * GPU jobs that Kubernetes forgets: every Job whose pods asked for GPUs, as
 * the collector last saw it, kept after the Job's TTL deletes it so that
 * history and GPU-hours survive cleanup. One row per cluster and Job UID.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mlops_gpu_jobs', table => {
    table.comment(
      'GPU Jobs seen by the collector, kept after Kubernetes deletes them',
    );
    table.string('cluster', 253).notNullable();
    table.string('uid', 64).notNullable();
    table.string('namespace', 253).notNullable();
    table.string('name', 253).notNullable();
    table.text('labels').notNullable().comment('JSON object of the Job labels');
    table
      .text('controllers')
      .notNullable()
      .comment('JSON array of owner kinds and names');
    table.string('queue_name', 253).nullable();
    table.string('entity_ref', 512).nullable();
    table
      .string('team', 253)
      .nullable()
      .comment('Owner of the entity, or the namespace');
    table.string('state', 16).notNullable();
    table.string('reason', 128).nullable();
    table.text('message').nullable();
    table.integer('gpus').notNullable();
    table.string('gpu_resource', 253).notNullable();
    table.text('nodes').notNullable().comment('JSON array of node names');
    table.string('gpu_model', 253).nullable();
    table.integer('retries').notNullable().defaultTo(0);
    table.dateTime('created_at', { useTz: true }).notNullable();
    table.dateTime('started_at', { useTz: true }).nullable();
    table.dateTime('finished_at', { useTz: true }).nullable();
    table.dateTime('last_seen_at', { useTz: true }).notNullable();
    table
      .dateTime('gone_at', { useTz: true })
      .nullable()
      .comment('When the collector first found the Job deleted');
    table.primary(['cluster', 'uid']);
    table.index(['namespace', 'created_at'], 'mlops_gpu_jobs_namespace_idx');
    table.index(['team', 'created_at'], 'mlops_gpu_jobs_team_idx');
    table.index(['finished_at'], 'mlops_gpu_jobs_finished_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mlops_gpu_jobs');
};
