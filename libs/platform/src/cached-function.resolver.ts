import type { FunctionRecord, FunctionResolver } from '@app/contracts';
import type { EventBus } from '@app/bus';

interface Entry {
  record: FunctionRecord | undefined;
  expiresAt: number;
}

/** Where the resolver reads function records from on a cache miss (the store's functions repository). */
export interface FunctionRecordSource {
  get(name: string): Promise<FunctionRecord | undefined>;
}

/**
 * Function records for the request path: answered from memory, loaded from the store on a miss (once per
 * function per node), dropped on `function.updated`/`function.deleted` and after a bus reconnect. Unknown names
 * are cached briefly too, so a flood of calls to a missing function does not become a flood of queries. The TTL
 * bounds staleness should a bus message be lost.
 */
export class CachedFunctionResolver implements FunctionResolver {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<FunctionRecord | undefined>>();

  constructor(
    private readonly source: FunctionRecordSource,
    bus: EventBus,
    private readonly ttlMs = 60_000,
    private readonly negativeTtlMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {
    bus.subscribe('function.updated', (e) => void this.entries.delete(e.functionName));
    bus.subscribe('function.deleted', (e) => void this.entries.delete(e.functionName));
    bus.onReconnect(() => this.entries.clear());
  }

  peek(functionName: string): FunctionRecord | undefined {
    const entry = this.entries.get(functionName);
    return entry && entry.expiresAt > this.now() ? entry.record : undefined;
  }

  async resolve(functionName: string): Promise<FunctionRecord | undefined> {
    const entry = this.entries.get(functionName);
    if (entry && entry.expiresAt > this.now()) return entry.record;
    let pending = this.inFlight.get(functionName);
    if (!pending) {
      pending = this.load(functionName).finally(() => this.inFlight.delete(functionName));
      this.inFlight.set(functionName, pending);
    }
    return pending;
  }

  private async load(functionName: string): Promise<FunctionRecord | undefined> {
    const record = await this.source.get(functionName);
    this.entries.set(functionName, { record, expiresAt: this.now() + (record ? this.ttlMs : this.negativeTtlMs) });
    return record;
  }
}
