import { compileRequestParameterMapping, ParameterMappingError, RequestMappingSource } from '@app/mapping';

const source: RequestMappingSource = {
  path: { petId: '7' },
  querystring: { page: '2', tag: 'b' },
  multivaluequerystring: { page: ['2'], tag: ['a', 'b'] },
  header: { 'X-Api-Version': 'v1' },
  multivalueheader: { 'X-Api-Version': ['v1'], accept: ['a/b', 'c/d'] },
  body: JSON.stringify({ petstore: { pets: [{ name: 'Rex', tags: ['x'] }] } }),
  context: { requestId: 'r-1', identity: { sourceIp: '1.2.3.4' }, authorizer: { principalId: 'u1' } },
  stageVariables: { backend: 'blue' },
};

describe(compileRequestParameterMapping.name, () => {
  it('maps every documented source into headers, query strings and path parameters', () => {
    const sut = compileRequestParameterMapping({
      'integration.request.path.id': 'method.request.path.petId',
      'integration.request.querystring.page': 'method.request.querystring.page',
      'integration.request.querystring.tags': 'method.request.multivaluequerystring.tag',
      'integration.request.header.x-version': 'method.request.header.x-api-version',
      'integration.request.header.accepts': 'method.request.multivalueheader.Accept',
      'integration.request.header.body-header': 'method.request.body',
      'integration.request.path.pet-name': 'method.request.body.petstore.pets[0].name',
      'integration.request.header.tags': 'method.request.body.petstore.pets[0].tags',
      'integration.request.header.x-static': "'fixed value'",
      'integration.request.header.x-ip': 'context.identity.sourceIp',
      'integration.request.header.x-user': 'context.authorizer.principalId',
      'integration.request.querystring.stage': 'stageVariables.backend',
    });
    expect(sut(source)).toEqual({
      path: { id: '7', 'pet-name': 'Rex' },
      querystring: { page: ['2'], tags: ['a', 'b'], stage: ['blue'] },
      header: {
        'x-version': 'v1',
        accepts: 'a/b,c/d',
        'body-header': source.body,
        tags: '["x"]',
        'x-static': 'fixed value',
        'x-ip': '1.2.3.4',
        'x-user': 'u1',
      },
    });
  });

  it('leaves out targets whose source is absent, and survives a body that is not JSON', () => {
    const sut = compileRequestParameterMapping({
      'integration.request.header.a': 'method.request.header.missing',
      'integration.request.querystring.b': 'method.request.body.x',
      'integration.request.path.c': 'context.nope.deeper',
      'integration.request.path.d': 'stageVariables.none',
    });
    expect(sut({ ...source, body: '<xml/>' })).toEqual({ header: {}, querystring: {}, path: {} });
  });

  it.each([
    ['integration.request.body.x', 'method.request.path.petId', 'integration.request.body.x'],
    ['integration.request.header.', 'method.request.path.petId', 'integration.request.header.'],
    ['method.request.header.x', 'method.request.path.petId', 'method.request.header.x'],
    ['integration.request.header.x', 'method.request.cookie.x', 'method.request.cookie.x'],
    ['integration.request.header.x', 'method.request.body.', 'method.request.body.'],
    ['integration.request.header.x', 'method.request.body.a[?(@.b)]', 'method.request.body.a[?(@.b)]'],
    ['integration.request.header.x', "'unterminated", "'unterminated"],
    ['integration.request.header.x', 'stageVariables.bad-name', 'stageVariables.bad-name'],
    ['integration.request.header.x', 'integration.response.header.y', 'integration.response.header.y'],
  ])('refuses %s = %s naming %s in AWS’s message', (key, value, offending) => {
    expect(() => compileRequestParameterMapping({ [key]: value })).toThrow(
      `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${offending}]`,
    );
  });

  it('refuses a method request parameter the method does not declare, when declarations are given', () => {
    const declaredParameters = { 'method.request.path.petId': true, 'method.request.header.X-Api-Version': false };
    expect(() =>
      compileRequestParameterMapping({ 'integration.request.header.x': 'method.request.header.x-api-version' }, { declaredParameters }),
    ).not.toThrow();
    let error: unknown;
    try {
      compileRequestParameterMapping({ 'integration.request.path.id': 'method.request.path.other' }, { declaredParameters });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ParameterMappingError);
    expect((error as ParameterMappingError).message).toBe(
      'Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: method.request.path.other]',
    );
  });
});
