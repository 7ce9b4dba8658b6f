import { compileContextGetter } from '../context/context-getter';
import type { RequestContext } from '../context/request-context';
import { httpJwtAuthorizerContext, httpLambdaAuthorizerContext, restAuthorizerContext } from './authorizer-context';

/** `$context.authorizer.*` as templates, mappings and access logs read it, for a given ctx.authorizer. */
const contextValue = (authorizer: Record<string, unknown>, name: string) =>
  compileContextGetter(name)({ contextVariables: () => ({ authorizer }) } as unknown as RequestContext);

describe(httpLambdaAuthorizerContext.name, () => {
  const sut = httpLambdaAuthorizerContext({ ok: true, principalId: 'p1', context: { user: 'ann', n: 2 }, cached: false });

  it('nests the context under lambda in the event and reads it flat through $context', () => {
    expect(JSON.parse(JSON.stringify(sut))).toEqual({ lambda: { user: 'ann', n: 2 } });
    expect(contextValue(sut, 'authorizer.user')).toBe('ann');
    expect(contextValue(sut, 'authorizer.n')).toBe('2');
    expect(contextValue(sut, 'authorizer.principalId')).toBe('p1');
    expect(contextValue(sut, 'authorizer.lambda.user')).toBe('ann');
  });
});

describe(httpJwtAuthorizerContext.name, () => {
  const grant = { ok: true as const, context: {}, jwt: { claims: { sub: 'u1', aud: 'app' }, scopes: ['read'] }, cached: false };

  it('is {jwt: {claims, scopes}} in payload 2.0, with $context.authorizer.claims.* readable', () => {
    const sut = httpJwtAuthorizerContext(grant, '2.0');
    expect(JSON.parse(JSON.stringify(sut))).toEqual({ jwt: { claims: { sub: 'u1', aud: 'app' }, scopes: ['read'] } });
    expect(contextValue(sut, 'authorizer.claims.sub')).toBe('u1');
  });

  it('is {claims, scopes} in payload 1.0', () => {
    expect(httpJwtAuthorizerContext(grant, '1.0')).toEqual({ claims: { sub: 'u1', aud: 'app' }, scopes: ['read'] });
  });
});

describe(restAuthorizerContext.name, () => {
  it('never lets the context overwrite principalId or integrationLatency', () => {
    const sut = restAuthorizerContext({ ok: true, principalId: 'real', context: { principalId: 'fake', integrationLatency: 99, k: 'v' }, cached: false }, 12);
    expect(sut).toEqual({ principalId: 'real', k: 'v', integrationLatency: 12 });
  });
});
