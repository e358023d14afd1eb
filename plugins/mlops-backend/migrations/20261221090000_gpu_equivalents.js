// The parser of @internal/plugin-mlops-common as of this migration, frozen
// here: a migration must not change with later code.
const MIG_RESOURCE =
  /^nvidia\.com\/mig-((?:(\d)c\.)?(\d)g\.(\d+)gb(?:\+[a-z][a-z.]*)?)$/;

/** @param {string} resource */
function migSliceOf(resource) {
  const match = MIG_RESOURCE.exec(resource);
  if (!match) return null;
  const instance = Number(match[3]);
  const compute = match[2] === undefined ? instance : Number(match[2]);
  const slices = Number(match[4]) === 6 * instance ? 4 : 7;
  if (instance < 1 || instance > slices || compute < 1 || compute > instance) {
    return null;
  }
  return { profile: match[1], fraction: compute / slices };
}

/**
 * @param {import('knex').Knex} knex
 * @param {string} table
 * @param {boolean} withProfile
 */
async function backFill(knex, table, withProfile) {
  await knex(table).update({ gpu_equivalents: knex.ref('gpus') });
  const mig = await knex(table)
    .distinct('gpu_resource')
    .where('gpu_resource', 'like', 'nvidia.com/mig-%');
  for (const { gpu_resource: resource } of mig) {
    const slice = migSliceOf(resource);
    await knex(table)
      .where({ gpu_resource: resource })
      .update({
        gpu_equivalents: knex.raw('?? * CAST(? AS DOUBLE PRECISION)', [
          'gpus',
          slice?.fraction ?? 0,
        ]),
        ...(withProfile ? { mig_profile: slice?.profile ?? null } : {}),
      });
  }
}

/**
 * GPU-equivalents: what a job's or pod's GPUs amount to, so that a MIG slice
 * counts its fraction of a GPU (`nvidia.com/mig-3g.40gb` = 3/7) in
 * GPU-hours, and a job's MIG profiles. Rows written before hold whole GPUs,
 * unless a MIG resource was configured as a GPU resource: those are read
 * from their resource's name. Nullable, so that a replica not yet upgraded
 * can still write; the stores read a missing value from `gpus`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mlops_gpu_jobs', table => {
    table
      .double('gpu_equivalents')
      .nullable()
      .comment('What gpus amount to in GPUs: a MIG slice counts its fraction');
    table
      .string('mig_profile', 253)
      .nullable()
      .comment(
        'MIG profiles of its slices, largest share first; null for GPUs',
      );
  });
  await knex.schema.alterTable('mlops_gpu_pods', table => {
    table
      .double('gpu_equivalents')
      .nullable()
      .comment('What gpus amount to in GPUs: a MIG slice counts its fraction');
  });
  await backFill(knex, 'mlops_gpu_jobs', true);
  await backFill(knex, 'mlops_gpu_pods', false);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mlops_gpu_pods', table => {
    table.dropColumn('gpu_equivalents');
  });
  await knex.schema.alterTable('mlops_gpu_jobs', table => {
    table.dropColumn('mig_profile');
    table.dropColumn('gpu_equivalents');
  });
};
