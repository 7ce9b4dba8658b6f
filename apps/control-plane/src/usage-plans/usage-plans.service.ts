import { Inject, Injectable } from '@nestjs/common';
import { newResourceId } from '@app/contracts';
import { RUNTIME, type Runtime } from '@app/platform';
import { badRequest, conflict, notFound } from '../common/aws-error';
import { applyPatchOperations, readOperations } from '../common/patch-operations';
import { AccessChanges } from '../api-keys/access-changes';
import { compact, Input } from '../rest-apis/shared/input';
import { paginate } from '../rest-apis/shared/pagination';
import { applyApiStagesPatch } from './api-stages.patch';
import { USAGE_PLAN_PATCH } from './usage-plan.rules';
import { checkPlan, readApiStages, readQuota, readThrottle } from './usage-plan.validator';
import type { ApiStageDoc, UsagePlanDoc } from './usage-plan.view';
import { checkTags } from '../common/tag-limits';

/** CreateUsagePlan, GetUsagePlan(s), UpdateUsagePlan, DeleteUsagePlan. Every change is announced to gateway nodes. */
@Injectable()
export class UsagePlansService {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly changes: AccessChanges,
  ) {}

  private get store() {
    return this.runtime.store;
  }

  async create(body: Record<string, unknown>): Promise<UsagePlanDoc> {
    const input = new Input(body);
    const plan = checkPlan(
      compact<UsagePlanDoc>({
        id: newResourceId(6),
        name: input.string('name', true),
        description: input.string('description'),
        apiStages: readApiStages(body.apiStages),
        throttle: readThrottle(body.throttle, 'throttle'),
        quota: readQuota(body.quota),
        tags: checkTags(input.stringMap('tags')),
      }),
    );
    await this.checkStages(plan, plan.apiStages);
    await this.save(plan);
    await this.changes.announce(`usage plan ${plan.id} created`);
    return plan;
  }

  async get(id: string): Promise<UsagePlanDoc> {
    const entity = await this.store.usagePlans.getById(id);
    if (!entity) throw notFound('Invalid Usage Plan ID specified');
    return entity.doc as unknown as UsagePlanDoc;
  }

  /** GetUsagePlans; `keyId` lists only the plans that key belongs to. */
  async list(query: { position?: string; limit?: string; keyId?: string }): Promise<{ item: UsagePlanDoc[]; position?: string }> {
    let plans = (await this.store.usagePlans.list()).map((p) => p.doc as unknown as UsagePlanDoc);
    if (query.keyId) {
      const ids = new Set((await this.store.usagePlans.listForKey(query.keyId)).map((l) => l.usagePlanId));
      plans = plans.filter((p) => ids.has(p.id));
    }
    return paginate(plans, query);
  }

  async update(id: string, body: Record<string, unknown>): Promise<UsagePlanDoc> {
    const current = await this.get(id);
    const operations = readOperations(body.patchOperations);
    const isStageOp = (path: string) => path === '/apiStages' || path.startsWith('/apiStages/');
    const plain = applyPatchOperations(current, operations.filter((o) => !isStageOp(o.path)), USAGE_PLAN_PATCH);
    const plan = checkPlan({ ...plain, apiStages: applyApiStagesPatch(current.apiStages, operations.filter((o) => isStageOp(o.path))) });
    if (plan.quota && plan.quota.offset === undefined) plan.quota.offset = 0;
    const added = plan.apiStages.filter((s) => !current.apiStages.some((c) => c.apiId === s.apiId && c.stage === s.stage));
    await this.checkStages(plan, added);
    await this.checkKeysStayUnique(plan, added);
    await this.save(plan);
    await this.resetQuotasIfPeriodChanged(current, plan);
    await this.changes.announce(`usage plan ${id} updated`);
    return plan;
  }

  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.store.usagePlans.delete(id);
    await this.changes.announce(`usage plan ${id} deleted`);
  }

  /** TagResource / UntagResource on the plan's ARN. Gateways do not read tags, so nothing is announced to them. */
  async saveTags(plan: UsagePlanDoc, tags: Record<string, string>): Promise<void> {
    await this.save({ ...plan, tags });
  }

  /** Each stage must exist on a REST API (HTTP APIs have no usage plans). */
  private async checkStages(plan: UsagePlanDoc, stages: readonly ApiStageDoc[]): Promise<void> {
    for (const s of stages) {
      const api = await this.store.apis.getById(s.apiId);
      const stage = api?.protocolType === 'REST' ? await this.store.stages.get(s.apiId, s.stage) : null;
      if (!stage) throw badRequest(`Invalid API Stage {api: ${s.apiId}, stage: ${s.stage}} specified for usageplan ${plan.id}`);
    }
  }

  /** AWS: a key may be in only one usage plan per API stage; adding a stage must not break that for the plan's keys. */
  private async checkKeysStayUnique(plan: UsagePlanDoc, added: readonly ApiStageDoc[]): Promise<void> {
    if (!added.length) return;
    for (const link of await this.store.usagePlans.listKeys(plan.id)) {
      const clash = await findStageClash(this.runtime, link.keyId, plan.id, added);
      if (clash) throw conflict(`API Key ${link.keyId} is already in usage plan ${clash.planId} for API Stage ${clash.apiId}:${clash.stage}`);
    }
  }

  /** A new quota period (or offset) starts counting afresh, as the old period's count means nothing there. */
  private async resetQuotasIfPeriodChanged(before: UsagePlanDoc, after: UsagePlanDoc): Promise<void> {
    if (!before.quota || !after.quota) return;
    if (before.quota.period === after.quota.period && (before.quota.offset ?? 0) === (after.quota.offset ?? 0)) return;
    for (const link of await this.store.usagePlans.listKeys(after.id)) await this.runtime.counters.quotas.reset(`${after.id}:${link.keyId}`);
  }

  private async save(plan: UsagePlanDoc): Promise<void> {
    await this.store.usagePlans.save({ id: plan.id, doc: plan as unknown as Record<string, unknown> });
  }
}

/** Another plan of `keyId` (other than `planId`) that covers one of `stages`, if any. */
export async function findStageClash(
  runtime: Runtime,
  keyId: string,
  planId: string,
  stages: readonly ApiStageDoc[],
): Promise<{ planId: string; apiId: string; stage: string } | undefined> {
  for (const link of await runtime.store.usagePlans.listForKey(keyId)) {
    if (link.usagePlanId === planId) continue;
    const other = await runtime.store.usagePlans.getById(link.usagePlanId);
    for (const s of ((other?.doc as unknown as UsagePlanDoc | undefined)?.apiStages ?? [])) {
      if (stages.some((x) => x.apiId === s.apiId && x.stage === s.stage)) return { planId: link.usagePlanId, apiId: s.apiId, stage: s.stage };
    }
  }
  return undefined;
}
