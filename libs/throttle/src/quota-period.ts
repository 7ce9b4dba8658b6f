/**
 * Usage-plan quota periods, aligned as AWS aligns them: in UTC, a DAY starts at midnight, a WEEK on the day `offset`
 * (0 = Sunday, 1 = Monday, … 6 = Saturday), a MONTH on day `offset + 1` of the month. AWS's SDK model documents
 * `offset` as "the day that a time period starts" (WEEK, 0 = Sunday); the older API reference text ("requests
 * subtracted from the limit in the initial period") is not what AWS enforces.
 */
export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

export interface QuotaSettings {
  /** Requests allowed per period. */
  limit: number;
  period: QuotaPeriod;
  /** Day the period starts on; DAY: 0 only; WEEK: 0..6 (0 = Sunday); MONTH: 0..27 (0 = the 1st). Default 0. */
  offset?: number;
}

const DAY_MS = 86_400_000;

/** Throws a RangeError naming the field, for the control plane to reject a usage plan AWS would reject. */
export function validateQuota(quota: QuotaSettings): void {
  if (!Number.isInteger(quota.limit) || quota.limit < 0) throw new RangeError(`quota.limit must be a non-negative integer, got ${quota.limit}`);
  const offset = quota.offset ?? 0;
  const max = quota.period === 'DAY' ? 0 : quota.period === 'WEEK' ? 6 : quota.period === 'MONTH' ? 27 : -1;
  if (max < 0) throw new RangeError(`quota.period must be DAY, WEEK or MONTH, got ${String(quota.period)}`);
  if (!Number.isInteger(offset) || offset < 0 || offset > max) {
    throw new RangeError(`quota.offset must be an integer from 0 to ${max} for period ${quota.period}, got ${offset}`);
  }
}

/** Start (inclusive) and end (exclusive) of the period containing `now`, as epoch ms. */
export function quotaPeriodBounds(quota: QuotaSettings, now: number): { start: number; end: number } {
  const offset = quota.offset ?? 0;
  const day = Math.floor(now / DAY_MS) * DAY_MS;
  if (quota.period === 'DAY') return { start: day, end: day + DAY_MS };
  if (quota.period === 'WEEK') {
    const back = (new Date(day).getUTCDay() - offset + 7) % 7;
    const start = day - back * DAY_MS;
    return { start, end: start + 7 * DAY_MS };
  }
  const d = new Date(now);
  let year = d.getUTCFullYear();
  let month = d.getUTCMonth();
  if (d.getUTCDate() - 1 < offset) month -= 1;
  if (month < 0) {
    month = 11;
    year -= 1;
  }
  return { start: Date.UTC(year, month, 1 + offset), end: Date.UTC(year, month + 1, 1 + offset) };
}

/** `YYYY-MM-DD` of the UTC day containing `t`, the key of per-day usage (GetUsage reports days). */
export function utcDay(t: number): string {
  return new Date(Math.floor(t / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

export const ONE_DAY_MS = DAY_MS;
