import { LoggerService } from '@backstage/backend-plugin-api';
import { FLEET_SIGNAL_CHANNEL } from '@internal/plugin-mlops-common';
import { ChangeSignals } from '../shared/entitySignals';
import { HistoryCollector } from '../shared/scheduleCollector';
import { FleetCollector } from './FleetCollector';
import type { ReadableServices } from './fleetCatalog';
import { fleetChanges } from './fleetChanges';
import { FleetService } from './FleetService';
import { FleetSnapshotStore } from './FleetSnapshotStore';

/**
 * One run of the fleet task: computes the answer, stores it for every
 * replica, and tells open pages what changed over signals: the fleet
 * channel, and the channel of each service whose row changed.
 */
export class FleetTask implements HistoryCollector {
  constructor(
    private readonly options: {
      collector: FleetCollector;
      snapshots: FleetSnapshotStore;
      service: FleetService;
      signals: ChangeSignals;
      logger: LoggerService;
      /**
       * Called with the services whose row changed before pages are told,
       * so that answers kept for them (serving health) are not served stale.
       */
      beforePublish?: (
        entityRefs: string[],
        readable: ReadableServices,
      ) => Promise<void>;
    },
  ) {}

  async run(signal: AbortSignal): Promise<void> {
    const { collector, snapshots, service, logger } = this.options;
    const { view, readable } = await collector.compute(signal);
    const before = await snapshots.load();
    await snapshots.save(view);
    await service.keep(view);
    const changes = fleetChanges(before, view);
    await this.options.beforePublish?.(changes.entityRefs, readable);
    const at = new Date(view.evaluatedAt);
    await this.options.signals.entities(changes.entityRefs, at);
    if (changes.fleet) {
      await this.options.signals.channels([FLEET_SIGNAL_CHANNEL], at);
    }
    const failed = view.sources.filter(s => !s.ok).map(s => s.name);
    logger.info(
      `Fleet: ${view.services.length} services in ${view.buildMs} ms, ${
        view.upstreamRequests
      } upstream requests, ${changes.entityRefs.length} changed${
        failed.length ? `; no answer from ${failed.join(', ')}` : ''
      }`,
    );
  }
}
