import type { BusEvents, BusEventType } from '@app/contracts';
import type { BusHandler, EventBus } from './event-bus';
import { HandlerRegistry } from './handler-registry';

/** The bus of the all-in-one process: same contract, delivered asynchronously like a network bus would be. */
export class InMemoryEventBus implements EventBus {
  private readonly registry: HandlerRegistry;

  constructor(onInvalid: (reason: string) => void = () => undefined) {
    this.registry = new HandlerRegistry(onInvalid);
  }

  async publish<K extends BusEventType>(type: K, payload: BusEvents[K]): Promise<void> {
    // A structured clone stands in for serialisation, so no subscriber can share mutable state with the publisher.
    const copy = structuredClone(payload);
    setImmediate(() => void this.registry.dispatch(type, copy));
  }

  subscribe<K extends BusEventType>(type: K, handler: BusHandler<K>): () => void {
    return this.registry.add(type, handler);
  }

  onReconnect(): void {
    // Never disconnects.
  }

  isConnected(): boolean {
    return true;
  }

  async close(): Promise<void> {}
}
