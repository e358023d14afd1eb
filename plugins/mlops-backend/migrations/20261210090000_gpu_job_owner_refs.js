/**
 * GPU-job owners as full entity refs: `team` held the bare name of the
 * owning group (`fraud-ml`), which made `user:bob` a team `bob`; it now holds
 * the owner's ref (`group:default/fraud-ml`, `user:default/bob`). Bare names
 * written before become `group:default/<name>`, the catalog's reading of an
 * owner without kind or namespace. `claimants` records the entities that
 * contend for a job.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const sqlite = String(knex.client.config.client).includes('sqlite');
  await knex.schema.alterTable('mlops_gpu_jobs', table => {
    table
      .text('claimants')
      .nullable()
      .comment(
        'JSON array of the entity refs that may claim the job, when more than one',
      );
    // SQLite does not enforce lengths, and its alter() copies the table.
    if (!sqlite) {
      table
        .string('team', 512)
        .nullable()
        .comment('Owner of the entity, a full entity ref')
        .alter();
    }
  });
  const teams = await knex('mlops_gpu_jobs')
    .distinct('team')
    .whereNotNull('team');
  for (const { team } of teams) {
    if (team.includes(':') || team.includes('/')) continue;
    await knex('mlops_gpu_jobs')
      .where({ team })
      .update({ team: `group:default/${team.toLowerCase()}` });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  const teams = await knex('mlops_gpu_jobs')
    .distinct('team')
    .whereNotNull('team');
  for (const { team } of teams) {
    const name = team.slice(team.indexOf('/') + 1);
    if (name !== team) {
      await knex('mlops_gpu_jobs').where({ team }).update({ team: name });
    }
  }
  const sqlite = String(knex.client.config.client).includes('sqlite');
  await knex.schema.alterTable('mlops_gpu_jobs', table => {
    table.dropColumn('claimants');
    if (!sqlite) {
      table
        .string('team', 253)
        .nullable()
        .comment('Owner of the entity, or the namespace')
        .alter();
    }
  });
};
