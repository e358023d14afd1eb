/**
 * Scaling history that Kubernetes forgets: the Events of HPAs (kept for an
 * hour by the apiserver) and the changes of desired replicas the collector
 * observed, plus the last observation of every HPA to compare against.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mlops_scaling_events', table => {
    table.comment(
      'Scaling decisions and failures of HPAs, kept for the configured retention',
    );
    table.increments('id');
    table
      .string('event_key', 700)
      .notNullable()
      .unique()
      .comment(
        'What makes a row unique: the Event uid, or the HPA, its last scale time and desired replicas',
      );
    table.string('cluster', 253).notNullable();
    table.string('namespace', 253).notNullable();
    table.string('hpa', 253).notNullable();
    table
      .string('source', 32)
      .notNullable()
      .comment('kubernetes-event or observed-change');
    table.string('type', 32).nullable().comment('Normal or Warning for Events');
    table.string('reason', 128).notNullable();
    table.text('message').notNullable();
    table.integer('from_replicas').nullable();
    table.integer('to_replicas').nullable();
    table.integer('count').notNullable().defaultTo(1);
    table.dateTime('occurred_at', { useTz: true }).notNullable();
    table.index(
      ['cluster', 'namespace', 'hpa', 'occurred_at'],
      'mlops_scaling_events_hpa_idx',
    );
    table.index(['occurred_at'], 'mlops_scaling_events_time_idx');
  });
  await knex.schema.createTable('mlops_hpa_observations', table => {
    table.comment('The last replicas the collector saw per HPA');
    table.string('cluster', 253).notNullable();
    table.string('namespace', 253).notNullable();
    table.string('hpa', 253).notNullable();
    table.integer('desired_replicas').nullable();
    table.dateTime('observed_at', { useTz: true }).notNullable();
    table.primary(['cluster', 'namespace', 'hpa']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mlops_hpa_observations');
  await knex.schema.dropTable('mlops_scaling_events');
};
