import type { QuotaSettings } from './quota-period';

export interface QuotaResult {
  /** False: the request would exceed the quota and was not counted (QUOTA_EXCEEDED, 429 "Limit Exceeded"). */
  allowed: boolean;
  /** Requests counted in the current period, including this one when allowed. */
  used: number;
  remaining: number;
  /** Epoch ms at which the current period started. */
  periodStart: number;
}

export interface DailyUsage {
  /** UTC day, `YYYY-MM-DD`. */
  date: string;
  /** Requests admitted (counted against the quota) that day. */
  used: number;
}

/**
 * Usage-plan quotas per API key (key = usage plan id + API key id, chosen by the caller). Counts only admitted
 * requests, never more than the limit in a period, exactly across nodes when shared (Redis).
 */
export interface QuotaCounter {
  /** Counts one request if it fits in the current period's quota. */
  consume(key: string, quota: QuotaSettings, now?: number): Promise<QuotaResult>;
  /** The current period's state without counting anything (GetUsage's `remaining`). */
  peek(key: string, quota: QuotaSettings, now?: number): Promise<QuotaResult>;
  /** Requests admitted per UTC day from `from` to `to` (epoch ms, both days included), one entry per day. */
  usage(key: string, from: number, to: number): Promise<DailyUsage[]>;
  /** Forgets the current period's count (UpdateUsage / a plan's quota change). Daily usage history is kept. */
  reset(key: string): Promise<void>;
  /** Sets the current period's count (UpdateUsage `replace /remaining`: used = limit − remaining). */
  set(key: string, used: number, quota: QuotaSettings, now?: number): Promise<void>;
  close(): Promise<void>;
}
