import type { RestDefinition } from '@app/contracts';
import { importRestApi } from './rest-import';
import { mergeRestDefinitions, newRestDefinition, overwriteRestDefinition } from './rest-merge';

const doc = (paths: object, extra: object = {}) => JSON.stringify({ swagger: '2.0', info: { title: 'B' }, paths, ...extra });
const mock = (status: string) => ({ responses: { [status]: { description: 'r' } }, 'x-amazon-apigateway-integration': { type: 'mock', responses: { default: { statusCode: status } } } });
const codes = (def: RestDefinition, path: string, verb: string) => Object.keys(def.resources.find((r) => r.path === path)!.resourceMethods![verb].methodResponses!);
const auth = { securityDefinitions: { a: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: 'arn:1' } } } };

/** B declares GET /a (200, 206) and POST /a; A declares GET /a (200, 400) — the guide's merge example. */
function apis() {
  const b = newRestDefinition(
    importRestApi(doc({ '/a': { get: { ...mock('200'), responses: { 200: { description: 'ok' }, 206: { description: 'partial' } } }, post: mock('200') }, '/b': { get: mock('200') } }, { ...auth, 'x-amazon-apigateway-binary-media-types': ['image/png'] }), { restApiId: 'api1' }),
    1_700_000_000,
  );
  const a = importRestApi(doc({ '/a': { get: { ...mock('200'), responses: { 200: { description: 'ok' }, 400: { description: 'bad' } }, security: [{ a: [] }] } } }, auth), { restApiId: 'api1' });
  return { a, b };
}

describe(mergeRestDefinitions.name, () => {
  it('lets the imported GET /a replace the existing one and keeps POST /a and /b', () => {
    const { a, b } = apis();
    const sut = mergeRestDefinitions(b, a);
    expect(codes(sut, '/a', 'GET')).toEqual(['200', '400']);
    expect(codes(sut, '/a', 'POST')).toEqual(['200']);
    expect(sut.resources.map((r) => r.path)).toEqual(['/', '/a', '/b']);
    expect(sut.api.binaryMediaTypes).toEqual(['image/png']);
  });

  it('keeps the ids of existing resources and of authorizers matched by name', () => {
    const { a, b } = apis();
    const sut = mergeRestDefinitions(b, a);
    expect(sut.resources.map((r) => r.id)).toEqual(b.resources.map((r) => r.id));
    expect(sut.api.rootResourceId).toBe(b.api.rootResourceId);
    expect(sut.authorizers.map((x) => x.id)).toEqual([b.authorizers[0].id]);
    expect(sut.resources.find((r) => r.path === '/a')!.resourceMethods!.GET.authorizerId).toBe(b.authorizers[0].id);
  });
});

describe(overwriteRestDefinition.name, () => {
  it('drops what the document does not define but keeps the API id, root and creation date', () => {
    const { a, b } = apis();
    const sut = overwriteRestDefinition(b, a);
    expect(sut.resources.map((r) => r.path)).toEqual(['/', '/a']);
    expect(Object.keys(sut.resources[1].resourceMethods!)).toEqual(['GET']);
    expect(sut.api).toMatchObject({ id: 'api1', createdDate: 1_700_000_000, rootResourceId: b.api.rootResourceId, name: 'B' });
    expect(sut.api.binaryMediaTypes).toBeUndefined();
    expect(sut.resources[1].id).toBe(b.resources[1].id);
    expect(sut.resources[1].parentId).toBe(b.api.rootResourceId);
  });
});
