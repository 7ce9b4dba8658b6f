import type { DailyUsage, QuotaCounter, QuotaResult } from './quota-counter';
import { ONE_DAY_MS, quotaPeriodBounds, utcDay, type QuotaSettings } from './quota-period';

interface Counter {
  periodStart: number;
  used: number;
}

/** Quotas in this process (all-in-one mode); lost on restart, which the embedded mode accepts. */
export class InMemoryQuotaCounter implements QuotaCounter {
  private readonly counters = new Map<string, Counter>();
  private readonly daily = new Map<string, Map<string, number>>();

  async consume(key: string, quota: QuotaSettings, now = Date.now()): Promise<QuotaResult> {
    const counter = this.current(key, quota, now);
    if (counter.used + 1 > quota.limit) return result(false, counter, quota);
    counter.used += 1;
    let days = this.daily.get(key);
    if (days === undefined) this.daily.set(key, (days = new Map()));
    const day = utcDay(now);
    days.set(day, (days.get(day) ?? 0) + 1);
    return result(true, counter, quota);
  }

  async peek(key: string, quota: QuotaSettings, now = Date.now()): Promise<QuotaResult> {
    return result(true, this.current(key, quota, now), quota);
  }

  async usage(key: string, from: number, to: number): Promise<DailyUsage[]> {
    const days = this.daily.get(key);
    const out: DailyUsage[] = [];
    for (let t = Math.floor(from / ONE_DAY_MS) * ONE_DAY_MS; t <= to; t += ONE_DAY_MS) {
      const date = utcDay(t);
      out.push({ date, used: days?.get(date) ?? 0 });
    }
    return out;
  }

  async reset(key: string): Promise<void> {
    this.counters.delete(key);
  }

  async set(key: string, used: number, quota: QuotaSettings, now = Date.now()): Promise<void> {
    this.current(key, quota, now).used = Math.max(0, Math.floor(used));
  }

  async close(): Promise<void> {
    this.counters.clear();
    this.daily.clear();
  }

  private current(key: string, quota: QuotaSettings, now: number): Counter {
    const { start } = quotaPeriodBounds(quota, now);
    let counter = this.counters.get(key);
    if (counter === undefined) this.counters.set(key, (counter = { periodStart: start, used: 0 }));
    else if (start > counter.periodStart) {
      counter.periodStart = start;
      counter.used = 0;
    }
    return counter;
  }
}

function result(allowed: boolean, counter: Counter, quota: QuotaSettings): QuotaResult {
  return { allowed, used: counter.used, remaining: Math.max(0, quota.limit - counter.used), periodStart: counter.periodStart };
}
