import type { BusEvents, BusEventType } from '@app/contracts';

export type BusHandler<K extends BusEventType> = (payload: BusEvents[K]) => void | Promise<void>;

/**
 * Cross-node events (contracts/bus.events.ts). Delivery is at-most-once, like Redis pub/sub: a node that was
 * disconnected catches up through reconciliation with the store, never by replay.
 */
export interface EventBus {
  publish<K extends BusEventType>(type: K, payload: BusEvents[K]): Promise<void>;
  /** Returns a function that removes the handler. */
  subscribe<K extends BusEventType>(type: K, handler: BusHandler<K>): () => void;
  /** Called after the bus (re)connects, so a node can reconcile what it may have missed. */
  onReconnect(listener: () => void): void;
  /** Whether the transport is connected now (readiness). */
  isConnected(): boolean;
  close(): Promise<void>;
}
