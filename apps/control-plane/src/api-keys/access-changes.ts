import { Inject, Injectable, Logger } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@app/platform';

/**
 * Tells every gateway node that keys, plans or their links changed (`access.changed`), so they reload their key
 * index. Best effort like stage activation: if the bus is down the change is saved and nodes catch up on their
 * periodic reload.
 */
@Injectable()
export class AccessChanges {
  private readonly logger = new Logger(AccessChanges.name);

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async announce(reason: string): Promise<void> {
    try {
      await this.runtime.bus.publish('access.changed', { v: 1, reason });
    } catch (error) {
      this.logger.warn(`could not publish access.changed (${(error as Error).message}); nodes will catch up on their next reload`);
    }
  }
}
