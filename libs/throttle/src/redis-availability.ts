import { InMemoryRateLimiter } from './in-memory.rate-limiter';
import type { ThrottleLimits } from './rate-limiter';

/**
 * What a Redis-backed limiter answers while Redis is unreachable.
 * - `local` (default): each node enforces the limits with its own exact in-memory buckets. The API stays up and
 *   every node still protects its backends; the cluster as a whole may admit up to N× the limit during the outage.
 * - `allow`: fail open, no throttling at all until Redis returns.
 * - `deny`: fail closed, every request is throttled (429) until Redis returns.
 */
export type RedisUnavailableMode = 'local' | 'allow' | 'deny';

export interface RedisAvailabilityOptions {
  /** Default `local`; see RedisUnavailableMode. */
  whenUnavailable?: RedisUnavailableMode;
  /** After a failure, Redis is not asked again for this long (ms); then the next request probes it. Default 1000. */
  retryAfterMs?: number;
  /** A Redis call slower than this (ms) counts as a failure, so an unresponsive Redis never stalls requests. Default 250. */
  commandTimeoutMs?: number;
  /** Called once per transition to "down", e.g. to log. */
  onUnavailable?: (error: unknown) => void;
}

/** Tracks whether Redis is usable and answers for it while it is not. */
export class RedisAvailability {
  readonly mode: RedisUnavailableMode;
  readonly retryAfterMs: number;
  readonly commandTimeoutMs: number;
  private downUntil = 0;
  private readonly local = new InMemoryRateLimiter();

  constructor(private readonly options: RedisAvailabilityOptions = {}) {
    this.mode = options.whenUnavailable ?? 'local';
    this.retryAfterMs = options.retryAfterMs ?? 1000;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 250;
  }

  /** Uses wall-clock time: outages are real time even when tests inject `now` into the buckets. */
  isDown(): boolean {
    return this.downUntil !== 0 && Date.now() < this.downUntil;
  }

  markDown(error: unknown): void {
    if (this.downUntil === 0) this.options.onUnavailable?.(error);
    this.downUntil = Date.now() + this.retryAfterMs;
  }

  markUp(): void {
    this.downUntil = 0;
  }

  fallback(key: string, limits: ThrottleLimits, now: number): boolean {
    if (this.mode === 'allow') return true;
    if (this.mode === 'deny') return false;
    return this.local.tryAcquire(key, limits, now);
  }

  /** Rejects when `promise` takes longer than commandTimeoutMs. */
  withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${this.commandTimeoutMs} ms`)), this.commandTimeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
