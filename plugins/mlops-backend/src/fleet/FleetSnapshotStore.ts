import { FleetView } from '@internal/plugin-mlops-common';
import { Knex } from 'knex';
import { isoOf } from '../shared/dates';

const TABLE = 'mlops_fleet_snapshots';
const ID = 'fleet';

/** The last fleet answer in the plugin's database, one row. */
export class FleetSnapshotStore {
  constructor(private readonly db: Knex) {}

  async save(view: FleetView): Promise<void> {
    await this.db(TABLE)
      .insert({
        id: ID,
        evaluated_at: new Date(view.evaluatedAt),
        body: JSON.stringify(view),
      })
      .onConflict('id')
      .merge();
  }

  async load(): Promise<FleetView | undefined> {
    const row = await this.db(TABLE).where({ id: ID }).first();
    if (!row) return undefined;
    const view = JSON.parse(row.body) as FleetView;
    return { ...view, evaluatedAt: isoOf(row.evaluated_at) };
  }
}
