import { Knex } from 'knex';

const TABLE = 'mlops_collector_runs';

/**
 * One run of a collector per interval across backend replicas. Backstage's
 * scheduler claims a task by its lock alone, without checking that it is
 * still due: a replica that saw the task due may claim it just after
 * another replica's short run released it, and run the same interval again.
 */
export class CollectorRunClaims {
  constructor(private readonly db: Knex) {}

  /** True, and recorded, when no run of `taskId` started within `minGapMs` of `now`. */
  async claim(
    taskId: string,
    minGapMs: number,
    now = new Date(),
  ): Promise<boolean> {
    await this.db(TABLE)
      .insert({ task_id: taskId, started_at: new Date(0) })
      .onConflict('task_id')
      .ignore();
    // One conditional update: of two replicas at once, the second finds the new time.
    const updated = await this.db(TABLE)
      .where({ task_id: taskId })
      .where('started_at', '<=', new Date(now.getTime() - minGapMs))
      .update({ started_at: now });
    return updated === 1;
  }
}
