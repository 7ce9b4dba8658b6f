import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteUsagePlanKeyCommand,
  GetApiKeyCommand,
  GetApiKeysCommand,
  GetTagsCommand,
  GetUsageCommand,
  GetUsagePlanCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  ImportApiKeysCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateApiKeyCommand,
  UpdateUsageCommand,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway';
import { request } from 'undici';
import { putMockMethod, refusal, startControlPlane, startGateway, untilPasses, type StartedControlPlane, type StartedGateway } from '@app/testing';

/** API keys and usage plans managed only through @aws-sdk/client-api-gateway, enforced by an in-process gateway node. */
describe('API keys and usage plans (management through @aws-sdk/client-api-gateway, enforced by the gateway)', () => {
  let cp: StartedControlPlane;
  let gw: StartedGateway;
  let apigw: APIGatewayClient;
  let apiId: string;

  const call = async (path: string, key?: string) => {
    const r = await request(`${gw.stageUrl(apiId, 'prod')}${path}`, { headers: key === undefined ? {} : { 'x-api-key': key } });
    return { status: r.statusCode, body: await r.body.text() };
  };

  beforeAll(async () => {
    cp = await startControlPlane();
    gw = await startGateway(cp.runtime);
    apigw = new APIGatewayClient({ ...cp.clientConfig, maxAttempts: 1 });
    const api = await apigw.send(new CreateRestApiCommand({ name: 'keyed' }));
    apiId = api.id!;
    const resource = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId!, pathPart: 'pets' }));
    const method = { restApiId: apiId, resourceId: resource.id!, httpMethod: 'GET' };
    await putMockMethod(apigw, method, '{"keyId":"$context.identity.apiKeyId"}', { apiKeyRequired: true });
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }));
  });

  afterAll(async () => {
    apigw?.destroy();
    await gw?.close();
    await cp?.close();
  });

  describe('API keys', () => {
    it('creates a key with a generated 40-character value, shown only on create and with includeValue', async () => {
      const created = await apigw.send(new CreateApiKeyCommand({ name: 'alice', description: 'first', enabled: true, customerId: 'c-1', tags: { team: 'a' } }));
      expect(created).toMatchObject({ name: 'alice', description: 'first', enabled: true, customerId: 'c-1', tags: { team: 'a' } });
      expect(created.value).toMatch(/^[A-Za-z0-9]{40}$/);
      expect(created.createdDate).toBeInstanceOf(Date);
      const without = await apigw.send(new GetApiKeyCommand({ apiKey: created.id! }));
      expect(without.value).toBeUndefined();
      expect(without.name).toBe('alice');
      const withValue = await apigw.send(new GetApiKeyCommand({ apiKey: created.id!, includeValue: true }));
      expect(withValue.value).toBe(created.value);
    });

    it('stores a given value only as a hash and a ciphertext', async () => {
      const value = 'my-own-key-value-0123456789';
      const created = await apigw.send(new CreateApiKeyCommand({ name: 'bob', value }));
      expect(created).toMatchObject({ value, enabled: false });
      const row = await cp.runtime.store.apiKeys.getById(created.id!);
      expect(JSON.stringify(row)).not.toContain(value);
    });

    it.each([
      ['a value under 20 characters', { value: 'short' }, 'BadRequestException'],
      ['a value already used', { value: 'my-own-key-value-0123456789' }, 'ConflictException'],
      ['a stage key naming no stage', { stageKeys: [{ restApiId: 'nope', stageName: 'prod' }] }, 'BadRequestException'],
    ])('refuses %s', async (_case, input, name) => {
      expect((await refusal(apigw.send(new CreateApiKeyCommand({ name: 'x', ...input })))).name).toBe(name);
    });

    it('lists keys with paging, nameQuery, customerId and includeValues', async () => {
      const all = await apigw.send(new GetApiKeysCommand({ includeValues: true }));
      expect(all.items!.map((k) => k.name).sort()).toEqual(['alice', 'bob']);
      expect(all.items!.every((k) => typeof k.value === 'string')).toBe(true);
      expect((await apigw.send(new GetApiKeysCommand({}))).items!.every((k) => k.value === undefined)).toBe(true);
      expect((await apigw.send(new GetApiKeysCommand({ nameQuery: 'al' }))).items!.map((k) => k.name)).toEqual(['alice']);
      expect((await apigw.send(new GetApiKeysCommand({ customerId: 'c-1' }))).items!.map((k) => k.name)).toEqual(['alice']);
      const first = await apigw.send(new GetApiKeysCommand({ limit: 1 }));
      const second = await apigw.send(new GetApiKeysCommand({ limit: 1, position: first.position }));
      expect([first.items![0].name, second.items![0].name].sort()).toEqual(['alice', 'bob']);
      expect(second.position).toBeUndefined();
    });

    it('updates name, description, enabled and stages with patch operations, refusing unknown paths', async () => {
      const key = (await apigw.send(new GetApiKeysCommand({ nameQuery: 'bob' }))).items![0];
      const updated = await apigw.send(
        new UpdateApiKeyCommand({
          apiKey: key.id!,
          patchOperations: [
            { op: 'replace', path: '/name', value: 'bobby' },
            { op: 'replace', path: '/enabled', value: 'true' },
            { op: 'add', path: '/stages', value: `${apiId}/prod` },
          ],
        }),
      );
      expect(updated).toMatchObject({ name: 'bobby', enabled: true, stageKeys: [`${apiId}/prod`] });
      expect((await refusal(apigw.send(new UpdateApiKeyCommand({ apiKey: key.id!, patchOperations: [{ op: 'replace', path: '/value', value: 'x' }] })))).name).toBe('BadRequestException');
      expect((await refusal(apigw.send(new UpdateApiKeyCommand({ apiKey: 'missing', patchOperations: [] })))).name).toBe('NotFoundException');
    });

    it('imports keys from AWS CSV, reports bad lines as warnings, and fails on them when asked', async () => {
      const plan = await apigw.send(new CreateUsagePlanCommand({ name: 'import-target' }));
      const csv = `Name,Key,Description,Enabled,UsagePlanIds\nimp1,imported-key-value-000001,one,TRUE,${plan.id}\nimp2,short,two,true,\nimp3,imported-key-value-000003,,false,"${plan.id},nosuchplan"\n`;
      const result = await apigw.send(new ImportApiKeysCommand({ body: Buffer.from(csv), format: 'csv' }));
      expect(result.ids).toHaveLength(2);
      expect(result.warnings).toEqual(['Line 3: API Key value should be at least 20 characters', 'Line 4: Invalid Usage Plan ID specified: nosuchplan']);
      const keys = await apigw.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id! }));
      expect(keys.items!.map((k) => k.name).sort()).toEqual(['imp1', 'imp3']);
      expect(keys.items!.find((k) => k.name === 'imp1')).toMatchObject({ type: 'API_KEY', value: 'imported-key-value-000001' });
      const strict = await refusal(apigw.send(new ImportApiKeysCommand({ body: Buffer.from('key\nshort\n'), format: 'csv', failOnWarnings: true })));
      expect(strict.name).toBe('BadRequestException');
      expect((await refusal(apigw.send(new ImportApiKeysCommand({ body: Buffer.from('bogus\nx\n'), format: 'csv' })))).name).toBe('BadRequestException');
    });
  });

  describe('usage plans and the data plane', () => {
    let good: { id: string; value: string };
    let planId: string;

    beforeAll(async () => {
      const k = await apigw.send(new CreateApiKeyCommand({ name: 'good', enabled: true }));
      good = { id: k.id!, value: k.value! };
      const plan = await apigw.send(
        new CreateUsagePlanCommand({
          name: 'gold',
          apiStages: [{ apiId, stage: 'prod' }],
          throttle: { rateLimit: 100, burstLimit: 200 },
          quota: { limit: 5, period: 'DAY' },
        }),
      );
      planId = plan.id!;
      expect(plan).toMatchObject({ name: 'gold', apiStages: [{ apiId, stage: 'prod' }], quota: { limit: 5, period: 'DAY', offset: 0 } });
      await apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId: good.id, keyType: 'API_KEY' }));
    });

    it.each([
      ['an unknown API stage', { apiStages: [{ apiId: 'nosuchapi', stage: 'prod' }] }],
      ['an unknown stage', { apiStages: [{ apiId: 'x', stage: 'nosuchstage' }] }],
      ['a quota period AWS does not have', { quota: { limit: 5, period: 'YEAR' as 'DAY' } }],
      ['a WEEK offset above 6', { quota: { limit: 5, period: 'WEEK' as const, offset: 7 } }],
      ['a DAY offset', { quota: { limit: 5, period: 'DAY' as const, offset: 1 } }],
      ['a negative burst', { throttle: { burstLimit: -1, rateLimit: 1 } }],
      ['a malformed method throttle key', { apiStages: [{ apiId: 'x', stage: 'prod', throttle: { pets: { rateLimit: 1 } } }] }],
    ])('refuses a plan with %s (BadRequestException)', async (_case, input) => {
      const stages = (input as { apiStages?: Array<{ apiId: string }> }).apiStages?.map((s) => ({ ...s, apiId: s.apiId === 'x' ? apiId : s.apiId }));
      const error = await refusal(apigw.send(new CreateUsagePlanCommand({ name: 'bad', ...input, ...(stages ? { apiStages: stages } : {}) })));
      expect(error.name).toBe('BadRequestException');
    });

    it('refuses a key in two plans covering the same stage (ConflictException) and unknown keys (NotFoundException)', async () => {
      const other = await apigw.send(new CreateUsagePlanCommand({ name: 'silver', apiStages: [{ apiId, stage: 'prod' }] }));
      expect((await refusal(apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: other.id!, keyId: good.id, keyType: 'API_KEY' })))).name).toBe('ConflictException');
      expect((await refusal(apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: other.id!, keyId: 'nosuchkey', keyType: 'API_KEY' })))).name).toBe('NotFoundException');
      expect((await refusal(apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId: good.id, keyType: 'API_KEY' })))).name).toBe('ConflictException');
      expect((await apigw.send(new GetUsagePlansCommand({ keyId: good.id }))).items!.map((p) => p.id)).toEqual([planId]);
    });

    it('updates a plan with patch operations: throttle, quota, per-method throttle and stages', async () => {
      const updated = await apigw.send(
        new UpdateUsagePlanCommand({
          usagePlanId: planId,
          patchOperations: [
            { op: 'replace', path: '/throttle/rateLimit', value: '50' },
            { op: 'replace', path: '/quota/limit', value: '6' },
            { op: 'replace', path: `/apiStages/${apiId}:prod/throttle/~1pets/GET/rateLimit`, value: '20' },
            { op: 'replace', path: `/apiStages/${apiId}:prod/throttle/~1pets/GET/burstLimit`, value: '40' },
          ],
        }),
      );
      expect(updated).toMatchObject({ throttle: { rateLimit: 50, burstLimit: 200 }, quota: { limit: 6, period: 'DAY' } });
      expect(updated.apiStages).toEqual([{ apiId, stage: 'prod', throttle: { '/pets/GET': { rateLimit: 20, burstLimit: 40 } } }]);
      const bad = await refusal(apigw.send(new UpdateUsagePlanCommand({ usagePlanId: planId, patchOperations: [{ op: 'add', path: '/apiStages', value: 'nosuchapi:prod' }] })));
      expect(bad.name).toBe('BadRequestException');
      expect((await refusal(apigw.send(new UpdateUsagePlanCommand({ usagePlanId: planId, patchOperations: [{ op: 'replace', path: '/quota/period', value: 'YEAR' }] })))).name).toBe('BadRequestException');
    });

    it('answers 403 {"message":"Forbidden"} without a key, with a wrong, disabled or plan-less key, and 200 with a good one', async () => {
      const loose = await apigw.send(new CreateApiKeyCommand({ name: 'planless', enabled: true }));
      const off = await apigw.send(new CreateApiKeyCommand({ name: 'off', enabled: false }));
      await apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId: off.id!, keyType: 'API_KEY' }));
      await untilPasses(async () => expect(await call('/pets', good.value)).toEqual({ status: 200, body: `{"keyId":"${good.id}"}` }));
      const forbidden = { status: 403, body: '{"message":"Forbidden"}' };
      expect(await call('/pets')).toEqual(forbidden);
      expect(await call('/pets', 'wrong-key-value-0123456789abcdef')).toEqual(forbidden);
      expect(await call('/pets', off.value)).toEqual(forbidden);
      expect(await call('/pets', loose.value)).toEqual(forbidden);
    });

    it('stops admitting at the quota with 429 {"message":"Limit Exceeded"} and GetUsage reports exactly what was admitted', async () => {
      const today = new Date().toISOString().slice(0, 10);
      let admitted = 0;
      for (let i = 0; i < 8; i++) {
        const r = await call('/pets', good.value);
        if (r.status === 200) admitted++;
        else expect(r).toEqual({ status: 429, body: '{"message":"Limit Exceeded"}' });
      }
      const usage = await apigw.send(new GetUsageCommand({ usagePlanId: planId, startDate: today, endDate: today }));
      // One request was admitted by the previous test; the quota is 6 a day.
      expect(admitted).toBe(5);
      expect(usage.items![good.id]).toEqual([[6, 0]]);
      expect((await refusal(apigw.send(new GetUsageCommand({ usagePlanId: planId, startDate: 'yesterday', endDate: today })))).name).toBe('BadRequestException');
    });

    it('UpdateUsage gives the key quota back', async () => {
      const usage = await apigw.send(new UpdateUsageCommand({ usagePlanId: planId, keyId: good.id, patchOperations: [{ op: 'replace', path: '/remaining', value: '2' }] }));
      expect(usage.items![good.id]).toEqual([[6, 2]]);
      expect((await call('/pets', good.value)).status).toBe(200);
      expect((await call('/pets', good.value)).status).toBe(200);
      expect((await call('/pets', good.value)).status).toBe(429);
    });

    it('a key removed from the plan, or deleted, is refused after the change reaches the node', async () => {
      const k = await apigw.send(new CreateApiKeyCommand({ name: 'temp', enabled: true }));
      await apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId: k.id!, keyType: 'API_KEY' }));
      await untilPasses(async () => expect((await call('/pets', k.value)).status).toBe(200));
      await apigw.send(new DeleteUsagePlanKeyCommand({ usagePlanId: planId, keyId: k.id! }));
      await untilPasses(async () => expect((await call('/pets', k.value)).status).toBe(403));
      await apigw.send(new DeleteApiKeyCommand({ apiKey: k.id! }));
      expect((await refusal(apigw.send(new GetApiKeyCommand({ apiKey: k.id! })))).name).toBe('NotFoundException');
    });
  });

  describe('tags on API keys and usage plans (TagResource, UntagResource, GetTags by ARN)', () => {
    const arn = (path: string) => `arn:aws:apigateway:us-east-1::/${path}`;

    it('returns the tags given on CreateApiKey, changes them by the key ARN, and keeps the key usable', async () => {
      const created = await apigw.send(new CreateApiKeyCommand({ name: 'tagged', enabled: true, tags: { team: 'a' } }));
      const keyArn = arn(`apikeys/${created.id}`);
      expect((await apigw.send(new GetApiKeyCommand({ apiKey: created.id! }))).tags).toEqual({ team: 'a' });
      expect((await apigw.send(new GetApiKeysCommand({ nameQuery: 'tagged' }))).items!.map((k) => k.tags)).toEqual([{ team: 'a' }]);
      expect((await apigw.send(new GetTagsCommand({ resourceArn: keyArn }))).tags).toEqual({ team: 'a' });

      await apigw.send(new TagResourceCommand({ resourceArn: keyArn, tags: { env: 'prod', team: 'b' } }));
      expect((await apigw.send(new GetTagsCommand({ resourceArn: keyArn }))).tags).toEqual({ team: 'b', env: 'prod' });
      await apigw.send(new UntagResourceCommand({ resourceArn: keyArn, tagKeys: ['team'] }));
      const after = await apigw.send(new GetApiKeyCommand({ apiKey: created.id!, includeValue: true }));
      expect(after).toMatchObject({ name: 'tagged', enabled: true, tags: { env: 'prod' }, value: created.value });
      expect((await apigw.send(new GetApiKeysCommand({ nameQuery: 'tagged' }))).items![0].tags).toEqual({ env: 'prod' });
    });

    it('returns the tags given on CreateUsagePlan and changes them by the plan ARN', async () => {
      const plan = await apigw.send(new CreateUsagePlanCommand({ name: 'tagged-plan', tags: { tier: 'gold' } }));
      expect(plan.tags).toEqual({ tier: 'gold' });
      const planArn = arn(`usageplans/${plan.id}`);
      expect((await apigw.send(new GetUsagePlanCommand({ usagePlanId: plan.id! }))).tags).toEqual({ tier: 'gold' });
      expect((await apigw.send(new GetUsagePlansCommand({}))).items!.find((p) => p.id === plan.id)!.tags).toEqual({ tier: 'gold' });

      await apigw.send(new TagResourceCommand({ resourceArn: planArn, tags: { owner: 'billing' } }));
      expect((await apigw.send(new GetTagsCommand({ resourceArn: planArn }))).tags).toEqual({ tier: 'gold', owner: 'billing' });
      await apigw.send(new UntagResourceCommand({ resourceArn: planArn, tagKeys: ['tier', 'owner'] }));
      expect((await apigw.send(new GetTagsCommand({ resourceArn: planArn }))).tags).toEqual({});
      expect((await apigw.send(new GetUsagePlanCommand({ usagePlanId: plan.id! }))).name).toBe('tagged-plan');
    });

    it.each([
      ['an unknown API key', () => apigw.send(new GetTagsCommand({ resourceArn: arn('apikeys/nosuchkey') })), 'NotFoundException', 'Invalid API Key identifier specified'],
      ['an unknown usage plan', () => apigw.send(new TagResourceCommand({ resourceArn: arn('usageplans/nosuchplan'), tags: { a: 'b' } })), 'NotFoundException', 'Invalid Usage Plan ID specified'],
      ['untagging an unknown API key', () => apigw.send(new UntagResourceCommand({ resourceArn: arn('apikeys/nosuchkey'), tagKeys: ['a'] })), 'NotFoundException', 'Invalid API Key identifier specified'],
      ['a usage-plan key ARN', () => apigw.send(new GetTagsCommand({ resourceArn: arn('usageplans/p/keys/k') })), 'BadRequestException', `Invalid resource ARN specified: ${arn('usageplans/p/keys/k')}`],
    ])('refuses %s', async (_case, send, name, message) => {
      const error = await refusal(send());
      expect([error.name, error.message]).toEqual([name, message]);
    });

    it.each([
      ['CreateApiKey', () => apigw.send(new CreateApiKeyCommand({ name: 'reserved', tags: { 'aws:x': 'y' } }))],
      ['CreateUsagePlan', () => apigw.send(new CreateUsagePlanCommand({ name: 'reserved', tags: { 'aws:x': 'y' } }))],
    ])('%s refuses tags TagResource would refuse', async (_call, send) => {
      const error = await refusal(send());
      expect([error.name, error.message]).toEqual(['BadRequestException', "Invalid tag key: 'aws:x'. The aws: prefix is reserved"]);
    });

    it('refuses a reserved aws: tag key on a usage plan', async () => {
      const plan = await apigw.send(new CreateUsagePlanCommand({ name: 'reserved' }));
      const error = await refusal(apigw.send(new TagResourceCommand({ resourceArn: arn(`usageplans/${plan.id}`), tags: { 'aws:x': 'y' } })));
      expect(error.name).toBe('BadRequestException');
    });
  });
});
