/**
 * When each scheduled collector last started, across backend replicas. The
 * scheduler's lock keeps runs apart but may let a second replica start the
 * same interval's run right after the first ended; a run starts only when
 * the last one started at least half an interval ago.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mlops_collector_runs', table => {
    table.comment('The last start of each scheduled collector');
    table.string('task_id', 128).primary();
    table.dateTime('started_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mlops_collector_runs');
};
