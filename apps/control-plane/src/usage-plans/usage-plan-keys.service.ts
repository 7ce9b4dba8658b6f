import { Inject, Injectable } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@app/platform';
import { badRequest, conflict, notFound } from '../common/aws-error';
import { AccessChanges } from '../api-keys/access-changes';
import { ApiKeysService } from '../api-keys/api-keys.service';
import type { ApiKeyDoc } from '../api-keys/api-key.view';
import { Input } from '../rest-apis/shared/input';
import { paginate } from '../rest-apis/shared/pagination';
import { findStageClash, UsagePlansService } from './usage-plans.service';

/** The UsagePlanKey wire shape: the key's id, type, value and name. */
export interface UsagePlanKeyView {
  id: string;
  type: 'API_KEY';
  value: string;
  name?: string;
}

/** CreateUsagePlanKey, GetUsagePlanKey(s), DeleteUsagePlanKey. */
@Injectable()
export class UsagePlanKeysService {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly plans: UsagePlansService,
    private readonly keys: ApiKeysService,
    private readonly changes: AccessChanges,
  ) {}

  async create(planId: string, body: Record<string, unknown>): Promise<UsagePlanKeyView> {
    const plan = await this.plans.get(planId);
    const input = new Input(body);
    const keyId = input.string('keyId', true);
    const keyType = input.string('keyType', true);
    if (keyType !== 'API_KEY') throw badRequest(`Invalid keyType '${keyType}'. Must be API_KEY`);
    const key = await this.keys.entity(keyId);
    if (await this.runtime.store.usagePlans.getKey(planId, keyId)) throw conflict(`API Key ${keyId} is already in usage plan ${planId}`);
    const clash = await findStageClash(this.runtime, keyId, planId, plan.apiStages);
    if (clash) throw conflict(`API Key ${keyId} cannot be in usage plans ${clash.planId} and ${planId}, which both include API Stage ${clash.apiId}:${clash.stage}`);
    await this.runtime.store.usagePlans.addKey(planId, keyId, keyType);
    await this.changes.announce(`key ${keyId} added to usage plan ${planId}`);
    return this.view(key);
  }

  async get(planId: string, keyId: string): Promise<UsagePlanKeyView> {
    await this.plans.get(planId);
    if (!(await this.runtime.store.usagePlans.getKey(planId, keyId))) throw notFound('Invalid Usage Plan Key identifier specified');
    return this.view(await this.keys.entity(keyId));
  }

  async list(planId: string, query: { position?: string; limit?: string; name?: string; nameQuery?: string }): Promise<{ item: UsagePlanKeyView[]; position?: string }> {
    await this.plans.get(planId);
    const name = query.nameQuery ?? query.name;
    const views: UsagePlanKeyView[] = [];
    for (const link of await this.runtime.store.usagePlans.listKeys(planId)) {
      const key = await this.runtime.store.apiKeys.getById(link.keyId);
      if (key && (!name || ((key.doc as unknown as ApiKeyDoc).name ?? '').startsWith(name))) views.push(this.view(key));
    }
    return paginate(views, query);
  }

  async delete(planId: string, keyId: string): Promise<void> {
    await this.plans.get(planId);
    if (!(await this.runtime.store.usagePlans.removeKey(planId, keyId))) throw notFound('Invalid Usage Plan Key identifier specified');
    await this.changes.announce(`key ${keyId} removed from usage plan ${planId}`);
  }

  private view(key: Parameters<ApiKeysService['value']>[0]): UsagePlanKeyView {
    const doc = key.doc as unknown as ApiKeyDoc;
    return { id: key.id, type: 'API_KEY', value: this.keys.value(key), ...(doc.name !== undefined ? { name: doc.name } : {}) };
  }
}
