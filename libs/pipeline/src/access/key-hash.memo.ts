/**
 * The keyed hash of API key values that named a key, remembered per node so a known key costs a map lookup instead
 * of an HMAC on every request (the HMAC was the largest part of the key stage's time). Only values whose hash found
 * a key are kept, so a client sending random values cannot grow it or push real keys out; at most `maxEntries`,
 * oldest first out. A disabled or deleted key is still refused: the remembered hash is looked up in the current
 * index like a computed one. The values are the ones clients send on every request anyway; they stay in this
 * process's memory only.
 */
export class KeyHashMemo {
  private readonly hashes = new Map<string, string>();

  constructor(
    private readonly hash: (value: string) => string,
    readonly maxEntries = 10_000,
  ) {}

  get size(): number {
    return this.hashes.size;
  }

  /** What `index.lookup(hash(value))` returns; remembers the hash when it found something. */
  lookup<T>(value: string, index: { lookup(hash: string): T | undefined }): T | undefined {
    const known = this.hashes.get(value);
    if (known !== undefined) return index.lookup(known);
    const hash = this.hash(value);
    const found = index.lookup(hash);
    if (found !== undefined && this.maxEntries > 0) {
      if (this.hashes.size >= this.maxEntries) this.hashes.delete(this.hashes.keys().next().value as string);
      this.hashes.set(value, hash);
    }
    return found;
  }
}
