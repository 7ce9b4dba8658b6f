import { Inject, Injectable } from '@nestjs/common';
import { decryptSecret, deriveEncryptionKey, encryptSecret, generateApiKeyValue, hashApiKey, validateApiKeyValue } from '@app/auth';
import { newResourceId } from '@app/contracts';
import { RUNTIME, type Runtime } from '@app/platform';
import type { ApiKeyEntity } from '@app/store';
import { badRequest, conflict, notFound } from '../common/aws-error';
import { applyPatchOperations, readOperations } from '../common/patch-operations';
import { compact, Input } from '../rest-apis/shared/input';
import { paginate } from '../rest-apis/shared/pagination';
import { epochSeconds } from '../rest-apis/shared/validation';
import { AccessChanges } from './access-changes';
import { API_KEY_PATCH } from './api-key.rules';
import type { ApiKeyDoc, ApiKeyView } from './api-key.view';
import { parseApiKeyCsv } from './api-keys.csv';
import { checkTags } from '../common/tag-limits';

type ListQuery = { position?: string; limit?: string; nameQuery?: string; name?: string; customerId?: string; includeValues?: string };

/**
 * CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey, ImportApiKeys. A key's value is kept only as a keyed hash
 * (what gateways match `x-api-key` against) and an AES-GCM ciphertext; it is shown on create and with includeValue.
 */
@Injectable()
export class ApiKeysService {
  private readonly encryptionKey: Buffer;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly changes: AccessChanges,
  ) {
    this.encryptionKey = deriveEncryptionKey(runtime.secretKey);
  }

  private get store() {
    return this.runtime.store;
  }

  async create(body: Record<string, unknown>): Promise<ApiKeyView> {
    const input = new Input(body);
    const value = input.has('value') ? checkValue(input.string('value')) : generateApiKeyValue();
    const now = epochSeconds();
    const doc = compact<ApiKeyDoc>({
      id: newResourceId(10),
      name: input.string('name'),
      description: input.string('description'),
      customerId: input.string('customerId'),
      enabled: input.boolean('enabled') ?? false,
      createdDate: now,
      lastUpdatedDate: now,
      stageKeys: await this.readStageKeys(body.stageKeys),
      tags: checkTags(input.stringMap('tags')),
    });
    await this.insert(doc, value);
    await this.changes.announce(`api key ${doc.id} created`);
    return { ...doc, value };
  }

  async get(id: string, includeValue: boolean): Promise<ApiKeyView> {
    return this.view(await this.entity(id), includeValue);
  }

  async list(query: ListQuery): Promise<{ item: ApiKeyView[]; position?: string }> {
    const name = query.nameQuery ?? query.name;
    const all = (await this.store.apiKeys.list()).filter((k) => {
      const doc = k.doc as unknown as ApiKeyDoc;
      return (!name || (doc.name ?? '').startsWith(name)) && (!query.customerId || doc.customerId === query.customerId);
    });
    const page = paginate(all, query);
    return { ...page, item: page.item.map((k) => this.view(k, query.includeValues === 'true')) };
  }

  async update(id: string, body: Record<string, unknown>): Promise<ApiKeyView> {
    const entity = await this.entity(id);
    const operations = readOperations(body.patchOperations);
    const stageOps = operations.filter((o) => o.path === '/stages');
    let doc = applyPatchOperations(entity.doc as unknown as ApiKeyDoc, operations.filter((o) => o.path !== '/stages'), API_KEY_PATCH);
    if (stageOps.length) doc = { ...doc, stageKeys: await this.patchStages(doc.stageKeys ?? [], stageOps) };
    if (doc.stageKeys?.length === 0) delete doc.stageKeys;
    doc.lastUpdatedDate = epochSeconds();
    await this.store.apiKeys.save({ ...entity, doc: doc as unknown as Record<string, unknown> });
    await this.changes.announce(`api key ${id} updated`);
    return this.view({ ...entity, doc: doc as unknown as Record<string, unknown> }, false);
  }

  async delete(id: string): Promise<void> {
    await this.entity(id);
    await this.store.apiKeys.delete(id);
    await this.changes.announce(`api key ${id} deleted`);
  }

  /** ImportApiKeys (`POST /apikeys?mode=import&format=csv`): returns the new ids and one warning per skipped line. */
  async import(body: Buffer | undefined, query: { format?: string; failonwarnings?: string }): Promise<{ ids: string[]; warnings: string[] }> {
    if (query.format !== 'csv') throw badRequest(`Invalid format specified: '${query.format ?? ''}'. Must be csv`);
    const rows = parseApiKeyCsv(Buffer.isBuffer(body) ? body.toString('utf8') : String(body ?? ''));
    const failOnWarnings = query.failonwarnings === 'true';
    const warnings: string[] = [];
    const accepted: Array<{ row: (typeof rows)[number]; planIds: string[] }> = [];
    const seen = new Set<string>();
    for (const row of rows) {
      const invalid = validateApiKeyValue(row.key);
      if (invalid) {
        warnings.push(`Line ${row.line}: ${invalid}`);
        continue;
      }
      const hash = hashApiKey(row.key, this.runtime.secretKey);
      if (seen.has(hash) || (await this.store.apiKeys.getByValueHash(hash))) {
        warnings.push(`Line ${row.line}: API Key already exists`);
        continue;
      }
      seen.add(hash);
      const planIds: string[] = [];
      for (const planId of row.usagePlanIds) {
        if (await this.store.usagePlans.getById(planId)) planIds.push(planId);
        else warnings.push(`Line ${row.line}: Invalid Usage Plan ID specified: ${planId}`);
      }
      accepted.push({ row, planIds });
    }
    if (failOnWarnings && warnings.length) throw badRequest(`Invalid API key file: ${warnings.join('; ')}`);
    const ids: string[] = [];
    const now = epochSeconds();
    for (const { row, planIds } of accepted) {
      const doc = compact<ApiKeyDoc>({ id: newResourceId(10), name: row.name, description: row.description, enabled: row.enabled, createdDate: now, lastUpdatedDate: now });
      await this.insert(doc, row.key);
      for (const planId of planIds) await this.store.usagePlans.addKey(planId, doc.id);
      ids.push(doc.id);
    }
    if (ids.length) await this.changes.announce(`${ids.length} api keys imported`);
    return { ids, warnings };
  }

  /** The stored key, or AWS's NotFoundException. */
  async entity(id: string): Promise<ApiKeyEntity> {
    const entity = await this.store.apiKeys.getById(id);
    if (!entity) throw notFound('Invalid API Key identifier specified');
    return entity;
  }

  tagsOf(entity: ApiKeyEntity): Record<string, string> {
    return (entity.doc as unknown as ApiKeyDoc).tags ?? {};
  }

  /** TagResource / UntagResource on the key's ARN. Gateways do not read tags, so nothing is announced to them. */
  async saveTags(entity: ApiKeyEntity, tags: Record<string, string>): Promise<void> {
    const doc: ApiKeyDoc = { ...(entity.doc as unknown as ApiKeyDoc), tags };
    await this.store.apiKeys.save({ ...entity, doc: doc as unknown as Record<string, unknown> });
  }

  /** The key's value in clear (UsagePlanKey responses, includeValue). */
  value(entity: ApiKeyEntity): string {
    return decryptSecret(entity.valueEncrypted, this.encryptionKey);
  }

  private view(entity: ApiKeyEntity, includeValue: boolean): ApiKeyView {
    const doc = entity.doc as unknown as ApiKeyDoc;
    return includeValue ? { ...doc, value: this.value(entity) } : doc;
  }

  private async insert(doc: ApiKeyDoc, value: string): Promise<void> {
    const valueHash = hashApiKey(value, this.runtime.secretKey);
    if (await this.store.apiKeys.getByValueHash(valueHash)) throw conflict('API Key already exists');
    await this.store.apiKeys.save({
      id: doc.id,
      valueHash,
      valueEncrypted: encryptSecret(value, this.encryptionKey),
      doc: doc as unknown as Record<string, unknown>,
    });
  }

  /** `stageKeys: [{restApiId, stageName}]` → `["{restApiId}/{stageName}"]`, each naming an existing stage. */
  private async readStageKeys(raw: unknown): Promise<string[] | undefined> {
    if (raw === undefined || raw === null) return undefined;
    if (!Array.isArray(raw)) throw badRequest('Invalid value for stageKeys: must be a list of {restApiId, stageName}');
    const keys: string[] = [];
    for (const item of raw) {
      const s = new Input((item ?? {}) as Record<string, unknown>);
      const key = `${s.string('restApiId', true)}/${s.string('stageName', true)}`;
      await this.checkStage(key);
      if (!keys.includes(key)) keys.push(key);
    }
    return keys.length ? keys : undefined;
  }

  private async patchStages(current: string[], ops: Array<{ op: string; value?: string }>): Promise<string[]> {
    const keys = [...current];
    for (const op of ops) {
      if (!op.value) throw badRequest(`Invalid patch operation: '${op.op}' on /stages requires a value {restApiId}/{stageName}`);
      if (op.op === 'add') {
        await this.checkStage(op.value);
        if (!keys.includes(op.value)) keys.push(op.value);
      } else if (op.op === 'remove') {
        const i = keys.indexOf(op.value);
        if (i < 0) throw badRequest(`Invalid patch operation: stage ${op.value} is not in the key's stages`);
        keys.splice(i, 1);
      } else {
        throw badRequest('Invalid patch operation specified. Path /stages supports only: [add, remove]');
      }
    }
    return keys;
  }

  private async checkStage(stageKey: string): Promise<void> {
    const slash = stageKey.indexOf('/');
    const [apiId, stageName] = slash < 0 ? [stageKey, ''] : [stageKey.slice(0, slash), stageKey.slice(slash + 1)];
    const api = await this.store.apis.getById(apiId);
    if (!api || api.protocolType !== 'REST' || !stageName || !(await this.store.stages.get(apiId, stageName))) {
      throw badRequest(`Invalid stage key specified: ${stageKey}`);
    }
  }
}

function checkValue(value: string | undefined): string {
  const invalid = validateApiKeyValue(value);
  if (invalid) throw badRequest(invalid);
  return value!;
}
