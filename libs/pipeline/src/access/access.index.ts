import { Logger } from '@nestjs/common';
import type { AccessBus, AccessSource } from './access.model';
import { AccessSnapshot } from './access.snapshot';

export interface AccessIndexOptions {
  source: AccessSource;
  bus?: AccessBus;
  /** Periodic reload (ms), repairing `access.changed` messages lost while the bus was away; 0 disables it. */
  refreshIntervalMs: number;
}

/**
 * A node's in-memory view of API keys and usage plans (Kong's credential cache, without per-key misses: the whole
 * set is small and loaded at once). Loaded at start, reloaded on `access.changed`, on bus reconnect and periodically;
 * a failed load keeps the previous snapshot serving. Requests never reach the store.
 */
export class AccessIndex {
  private readonly logger = new Logger('AccessIndex');
  private snapshot: AccessSnapshot | null = null;
  private loading: Promise<void> | null = null;
  private again = false;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  /** Resolves once the first snapshot is in place (requests arriving before that wait for it). */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(private readonly options: AccessIndexOptions) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  /** The current snapshot; null until the first load succeeded. */
  get current(): AccessSnapshot | null {
    return this.snapshot;
  }

  start(): Promise<void> {
    if (this.options.bus) {
      this.unsubscribe = this.options.bus.subscribe('access.changed', () => void this.refresh());
      this.options.bus.onReconnect(() => void this.refresh());
    }
    if (this.options.refreshIntervalMs > 0) {
      this.timer = setInterval(() => void this.refresh(), this.options.refreshIntervalMs);
      this.timer.unref();
    }
    return this.refresh();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /**
   * Reloads from the source. A change announced while a load runs triggers one more load afterwards, so the last
   * change is never missed; concurrent callers share the run.
   */
  refresh(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = this.loadLoop().finally(() => (this.loading = null));
    return this.loading;
  }

  private async loadLoop(): Promise<void> {
    do {
      this.again = false;
      try {
        this.snapshot = AccessSnapshot.build(await this.options.source.load());
        this.markReady();
      } catch (error) {
        this.logger.warn(`could not load API keys and usage plans, keeping the previous ones: ${(error as Error).message}`);
        if (!this.snapshot) this.retryFirstLoadSoon();
        return;
      }
    } while (this.again);
  }

  /** Until the first load succeeds, key-protected routes wait; retry every second instead of waiting for the timer. */
  private retryFirstLoadSoon(): void {
    setTimeout(() => void this.refresh(), 1000).unref();
  }
}
