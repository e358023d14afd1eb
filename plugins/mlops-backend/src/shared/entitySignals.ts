import { SignalsService } from '@backstage/plugin-signals-node';
import {
  entitySignalChannel,
  MlopsSignalMessage,
} from '@internal/plugin-mlops-common';

/**
 * Tells open pages that an answer changed: one signal per channel, to every
 * signed-in user (the message carries no data, only when; each page asks
 * its answer again with its own credentials).
 */
export class ChangeSignals {
  constructor(private readonly signals: SignalsService) {}

  async channels(channels: Iterable<string>, at: Date): Promise<void> {
    const message: MlopsSignalMessage = { evaluatedAt: at.toISOString() };
    await Promise.all(
      [...new Set(channels)].map(channel =>
        this.signals.publish({
          recipients: { type: 'broadcast' },
          channel,
          message: { ...message },
        }),
      ),
    );
  }

  /** The channels of these entities (full refs). */
  entities(entityRefs: Iterable<string>, at: Date): Promise<void> {
    return this.channels([...entityRefs].map(entitySignalChannel), at);
  }
}
