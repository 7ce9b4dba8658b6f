import { unenforcedAccessPlugin } from './unenforced-access.plugin';
import type { CompileContext, RouteDescriptor } from './compile-context';

const compile = { apiId: 'a1', stageName: 'prod' } as CompileContext;
const rest = (authorizationType: string, apiKeyRequired = false) =>
  ({ protocol: 'REST', httpMethod: 'GET', resource: { path: '/pets' }, method: { httpMethod: 'GET', authorizationType, apiKeyRequired } }) as RouteDescriptor;
const http = (authorizationType?: string) =>
  ({ protocol: 'HTTP', route: { routeId: 'r', routeKey: 'GET /pets', authorizationType }, integration: undefined, cors: undefined }) as RouteDescriptor;

describe(unenforcedAccessPlugin.name, () => {
  const sut = unenforcedAccessPlugin({ authorizationTypes: new Set(['JWT']), apiKeys: false }).stage;

  it('leaves open routes and enforced authorization alone', () => {
    expect(sut.create(rest('NONE'), compile)).toBeNull();
    expect(sut.create(http(undefined), compile)).toBeNull();
    expect(sut.create(http('JWT'), compile)).toBeNull();
  });

  it.each([
    ['a REST CUSTOM authorizer', rest('CUSTOM')],
    ['a REST IAM method', rest('AWS_IAM')],
    ['a REST API key', rest('NONE', true)],
    ['an HTTP API Lambda authorizer', http('CUSTOM')],
  ])('refuses %s it cannot enforce with the configuration-error response', (_case, route) => {
    const fn = sut.create(route, compile)!;
    const respond = jest.fn().mockReturnValue({ statusCode: 500 });
    const ctx = { stage: { responses: { respond } }, integrationErrorMessage: null } as never;
    expect(fn).not.toBeNull();
    expect(fn(ctx)).toEqual({ statusCode: 500 });
    expect(respond).toHaveBeenCalledWith(ctx, 'API_CONFIGURATION_ERROR');
  });
});
