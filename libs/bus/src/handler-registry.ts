import type { BusEvents, BusEventType } from '@app/contracts';
import { BUS_EVENT_VERSION, isBusEventType } from '@app/contracts';
import type { BusHandler } from './event-bus';

/**
 * Subscribers per event type, and the boundary check for incoming messages: a message of an unknown type or
 * version is dropped and reported, never handed to a subscriber half-understood.
 */
export class HandlerRegistry {
  private readonly handlers = new Map<BusEventType, Set<BusHandler<BusEventType>>>();

  constructor(private readonly onInvalid: (reason: string) => void) {}

  add<K extends BusEventType>(type: K, handler: BusHandler<K>): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler as BusHandler<BusEventType>);
    return () => set.delete(handler as BusHandler<BusEventType>);
  }

  async dispatch(type: string, payload: unknown): Promise<void> {
    if (!isBusEventType(type)) return this.onInvalid(`unknown bus event type "${type}"`);
    if (typeof payload !== 'object' || payload === null || (payload as { v?: unknown }).v !== BUS_EVENT_VERSION) {
      return this.onInvalid(`bus event "${type}" has unsupported version ${JSON.stringify((payload as { v?: unknown })?.v)}`);
    }
    const set = this.handlers.get(type);
    if (!set) return;
    for (const handler of set) {
      try {
        await handler(payload as BusEvents[typeof type]);
      } catch (error) {
        this.onInvalid(`handler for "${type}" failed: ${(error as Error).message}`);
      }
    }
  }
}
