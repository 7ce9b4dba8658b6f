import { Inject, Injectable } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@app/platform';
import { ONE_DAY_MS, quotaPeriodBounds, utcDay, type QuotaSettings } from '@app/throttle';
import { badRequest, notFound } from '../common/aws-error';
import { readOperations } from '../common/patch-operations';
import { paginate } from '../rest-apis/shared/pagination';
import { UsagePlansService } from './usage-plans.service';

/**
 * The Usage wire shape: per key, one `[used, remaining]` pair per day from startDate to endDate. The member the SDKs
 * call `items` travels as `values` on the wire.
 */
export interface UsageView {
  usagePlanId: string;
  startDate: string;
  endDate: string;
  values: Record<string, Array<[number, number]>>;
  position?: string;
}

/** AWS keeps usage for 90 days; the counters keep 100. */
const MAX_DAYS = 90;

/**
 * GetUsage and UpdateUsage, read from the same quota counters the gateways count admitted requests in, so usage is
 * exactly what the plan admitted. Only plans with a quota are metered: without one, usage reads as zero.
 */
@Injectable()
export class UsageService {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly plans: UsagePlansService,
  ) {}

  async get(planId: string, query: { startDate?: string; endDate?: string; keyId?: string; position?: string; limit?: string }): Promise<UsageView> {
    const plan = await this.plans.get(planId);
    const from = parseDate(query.startDate, 'startDate');
    const to = parseDate(query.endDate, 'endDate');
    if (to < from) throw badRequest('Invalid request: endDate must not be before startDate');
    if ((to - from) / ONE_DAY_MS >= MAX_DAYS) throw badRequest(`Invalid request: the date range must not exceed ${MAX_DAYS} days`);
    let keyIds = (await this.runtime.store.usagePlans.listKeys(planId)).map((l) => l.keyId);
    if (query.keyId) keyIds = keyIds.filter((id) => id === query.keyId);
    const page = paginate(keyIds, query);
    const values: UsageView['values'] = {};
    for (const keyId of page.item) values[keyId] = await this.daily(`${planId}:${keyId}`, plan.quota, from, to);
    return { usagePlanId: planId, startDate: query.startDate!, endDate: query.endDate!, values, ...(page.position ? { position: page.position } : {}) };
  }

  /** UpdateUsage: `replace /remaining` sets what is left of the key's quota in the current period. */
  async update(planId: string, keyId: string, body: Record<string, unknown>): Promise<UsageView> {
    const plan = await this.plans.get(planId);
    if (!(await this.runtime.store.usagePlans.getKey(planId, keyId))) throw notFound('Invalid Usage Plan Key identifier specified');
    if (!plan.quota) throw badRequest(`Usage plan ${planId} has no quota to update`);
    for (const op of readOperations(body.patchOperations)) {
      if (op.path !== '/remaining' || op.op !== 'replace') throw badRequest(`Invalid patch path  '${op.path}' specified for op '${op.op}'. Must be one of: [/remaining]`);
      const remaining = Number(op.value);
      if (op.value === undefined || !/^\d+$/.test(op.value.trim()) || remaining > plan.quota.limit) {
        throw badRequest(`Invalid value '${op.value ?? ''}' for /remaining: must be an integer from 0 to ${plan.quota.limit}`);
      }
      await this.runtime.counters.quotas.set(`${planId}:${keyId}`, plan.quota.limit - remaining, plan.quota);
    }
    const today = utcDay(Date.now());
    return this.get(planId, { startDate: today, endDate: today, keyId });
  }

  /**
   * `[used, remaining]` per day. `remaining` is what the quota had left at the end of that day: the limit minus the
   * requests admitted since the day's period began (for today, the counter's own current value, which UpdateUsage
   * may have set).
   */
  private async daily(key: string, quota: QuotaSettings | undefined, from: number, to: number): Promise<Array<[number, number]>> {
    const start = quota ? Math.min(from, quotaPeriodBounds(quota, from).start) : from;
    const days = await this.runtime.counters.quotas.usage(key, start, to);
    const today = utcDay(Date.now());
    const current = quota ? await this.runtime.counters.quotas.peek(key, quota) : undefined;
    const out: Array<[number, number]> = [];
    let periodStart = -1;
    let used = 0;
    for (const day of days) {
      const t = Date.parse(`${day.date}T00:00:00Z`);
      if (quota) {
        const bounds = quotaPeriodBounds(quota, t);
        if (bounds.start !== periodStart) {
          periodStart = bounds.start;
          used = 0;
        }
        used += day.used;
      }
      if (t < from) continue;
      const remaining = !quota ? 0 : day.date === today && current ? current.remaining : Math.max(0, quota.limit - used);
      out.push([day.used, remaining]);
    }
    return out;
  }
}

function parseDate(value: string | undefined, field: string): number {
  if (!value) throw badRequest(`Invalid request: ${field} is required (yyyy-MM-dd)`);
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(t) || utcDay(t) !== value) throw badRequest(`Invalid ${field} '${value}': must be a date in yyyy-MM-dd format`);
  return t;
}
