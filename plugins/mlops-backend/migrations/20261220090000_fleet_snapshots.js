/**
 * The last fleet answer of the scheduled fleet task, so that every backend
 * replica serves it (the task runs on one of them) and a restart shows the
 * last one until the next run.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mlops_fleet_snapshots', table => {
    table.comment('The last answer of each fleet-wide task');
    table.string('id', 64).primary();
    table.dateTime('evaluated_at', { useTz: true }).notNullable();
    table.text('body', 'longtext').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mlops_fleet_snapshots');
};
