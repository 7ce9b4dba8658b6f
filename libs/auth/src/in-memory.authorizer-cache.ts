import type { AuthorizerCache, CachedAuthorization } from './authorizer-cache';

/** In-process authorizer cache (all-in-one mode), bounded: the oldest entry goes when it is full. */
export class InMemoryAuthorizerCache implements AuthorizerCache {
  private readonly entries = new Map<string, { value: CachedAuthorization; expiresAt: number }>();

  constructor(
    private readonly maxEntries = 100_000,
    /** Injectable clock for tests. */
    private readonly clock: () => number = Date.now,
  ) {}

  async get(key: string): Promise<CachedAuthorization | undefined> {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(key: string, value: CachedAuthorization, ttlSeconds: number): Promise<void> {
    if (!(ttlSeconds > 0)) return;
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, { value, expiresAt: this.clock() + ttlSeconds * 1000 });
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
