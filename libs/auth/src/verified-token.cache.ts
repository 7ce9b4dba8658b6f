/**
 * Results of JWT verifications (HTTP JWT and REST Cognito authorizers), kept per node so that a token seen again is
 * not verified again. One cache per node bounds the memory of all authorizers together: at most `maxEntries`
 * entries, the least recently used going first. Each compiled authorizer owns a {@link TokenCachePartition} keyed by
 * the exact token string, so a redeployed authorizer (new partition) never reads an older one's entries, and a
 * token differing by one character is a different key.
 *
 * Only verified tokens are stored (see the authorizers for why refusals are not), so filling the cache takes valid
 * tokens. The hit path allocates nothing: a Map lookup on the token and a few pointer moves in the LRU list.
 */
export class VerifiedTokenCache {
  /** Sentinel of the circular LRU list: `head.next` is the least recently used entry, `head.prev` the most. */
  private readonly head: CacheEntry<unknown>;
  private count = 0;

  constructor(
    /** Entries across all partitions; each holds a token and its claims (a few KB at most). Default 10,000. */
    readonly maxEntries = 10_000,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new RangeError(`maxEntries must be a non-negative integer, got ${maxEntries}`);
    this.head = new CacheEntry<unknown>('', undefined, 0, 0, null as unknown as Map<string, CacheEntry<unknown>>);
    this.head.prev = this.head.next = this.head;
  }

  get size(): number {
    return this.count;
  }

  /** A new, empty keyspace (one per compiled authorizer). */
  partition<T>(): TokenCachePartition<T> {
    return new TokenCachePartition<T>(this);
  }

  /** @internal */
  touch(entry: CacheEntry<unknown>): void {
    if (this.head.prev === entry) return;
    unlink(entry);
    this.append(entry);
  }

  /** @internal */
  insert(entry: CacheEntry<unknown>, now: number): void {
    if (this.maxEntries === 0) return;
    entry.owner.set(entry.token, entry);
    this.append(entry);
    this.count++;
    // An expired entry at the cold end goes first; it is usually a redeployed authorizer's, which nobody reads again.
    const coldest = this.head.next;
    if (coldest !== entry && coldest.expiresAt <= now) this.remove(coldest);
    while (this.count > this.maxEntries) this.remove(this.head.next);
  }

  /** @internal */
  remove(entry: CacheEntry<unknown>): void {
    if (entry.owner.get(entry.token) === entry) entry.owner.delete(entry.token);
    unlink(entry);
    this.count--;
  }

  private append(entry: CacheEntry<unknown>): void {
    const last = this.head.prev;
    entry.prev = last;
    entry.next = this.head;
    last.next = entry;
    this.head.prev = entry;
  }
}

/** One authorizer's verified tokens, in the node's {@link VerifiedTokenCache}. */
export class TokenCachePartition<T> {
  private readonly entries = new Map<string, CacheEntry<T>>();

  /** @internal Use {@link VerifiedTokenCache.partition}. */
  constructor(private readonly cache: VerifiedTokenCache) {}

  /**
   * The value stored for exactly this token, while `validFrom <= now < expiresAt`; otherwise undefined (and an
   * expired entry is dropped). `now`: epoch ms.
   */
  get(token: string, now: number): T | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (now >= entry.expiresAt) {
      this.cache.remove(entry as CacheEntry<unknown>);
      return undefined;
    }
    if (now < entry.validFrom) return undefined;
    this.cache.touch(entry as CacheEntry<unknown>);
    return entry.value;
  }

  /** Stores `value` for `token`, usable from `validFrom` until just before `expiresAt` (epoch ms); replaces an older entry. */
  set(token: string, value: T, validFrom: number, expiresAt: number, now: number): void {
    if (!(expiresAt > now)) return;
    const old = this.entries.get(token);
    if (old !== undefined) this.cache.remove(old as CacheEntry<unknown>);
    this.cache.insert(new CacheEntry<T>(token, value, validFrom, expiresAt, this.entries) as CacheEntry<unknown>, now);
  }

  /** Forgets the token (e.g. its key set changed since it was verified). */
  delete(token: string): void {
    const entry = this.entries.get(token);
    if (entry !== undefined) this.cache.remove(entry as CacheEntry<unknown>);
  }
}

/** @internal A node of the LRU list; `owner` is the partition's map, so eviction can find it there. */
export class CacheEntry<T> {
  prev: CacheEntry<unknown> = this as CacheEntry<unknown>;
  next: CacheEntry<unknown> = this as CacheEntry<unknown>;

  constructor(
    readonly token: string,
    readonly value: T,
    readonly validFrom: number,
    readonly expiresAt: number,
    readonly owner: Map<string, CacheEntry<T>>,
  ) {}
}

function unlink(entry: CacheEntry<unknown>): void {
  entry.prev.next = entry.next;
  entry.next.prev = entry.prev;
  entry.prev = entry.next = entry;
}
