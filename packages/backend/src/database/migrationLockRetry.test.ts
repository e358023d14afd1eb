import { mockServices } from '@backstage/backend-test-utils';
import {
  isAnotherReplicaMigrating,
  waitingForMigrationLock,
} from './migrationLockRetry';

const locked = Object.assign(new Error('Migration table is already locked'), {
  name: 'MigrationLocked',
});
const lockTableRace = Object.assign(
  new Error(
    'create table "backstage_backend_public_keys__knex_migrations_lock" - duplicate key value violates unique constraint "pg_type_typname_nsp_index"',
  ),
  { code: '23505' },
);

function knexWith(latest: jest.Mock) {
  const knex = Object.assign(() => 'query', { migrate: { latest } });
  return knex as unknown as Parameters<typeof waitingForMigrationLock>[0];
}

describe('waitingForMigrationLock', () => {
  it.each([
    ['a lock held by another replica', locked, true],
    ['two replicas creating the lock table', lockTableRace, true],
    [
      'a duplicate key in a migration itself',
      Object.assign(new Error('duplicate key in "users"'), { code: '23505' }),
      false,
    ],
    ['any other error', new Error('syntax error'), false],
  ])('tells %s', (_name, error, expected) => {
    expect(isAnotherReplicaMigrating(error)).toBe(expected);
  });

  it('waits while another replica migrates, then runs latest once more', async () => {
    const latest = jest
      .fn()
      .mockRejectedValueOnce(lockTableRace)
      .mockRejectedValueOnce(locked)
      .mockResolvedValueOnce([2, []]);
    const knex = waitingForMigrationLock(
      knexWith(latest),
      mockServices.logger.mock(),
      { tries: 5, intervalMs: 1 },
    );
    await expect(knex.migrate.latest({ directory: 'x' })).resolves.toEqual([
      2,
      [],
    ]);
    expect(latest).toHaveBeenCalledTimes(3);
    expect(latest).toHaveBeenLastCalledWith({ directory: 'x' });
  });

  it('gives up with what to do when the lock stays held', async () => {
    const latest = jest.fn().mockRejectedValue(locked);
    const knex = waitingForMigrationLock(
      knexWith(latest),
      mockServices.logger.mock(),
      { tries: 3, intervalMs: 1 },
    );
    await expect(knex.migrate.latest()).rejects.toThrow(/knex migrate:unlock/);
    expect(latest).toHaveBeenCalledTimes(3);
  });

  it('leaves other errors and the rest of knex alone', async () => {
    const latest = jest.fn().mockRejectedValue(new Error('syntax error'));
    const knex = waitingForMigrationLock(
      knexWith(latest),
      mockServices.logger.mock(),
    );
    await expect(knex.migrate.latest()).rejects.toThrow('syntax error');
    expect(latest).toHaveBeenCalledTimes(1);
    expect((knex as unknown as () => string)()).toBe('query');
  });
});
