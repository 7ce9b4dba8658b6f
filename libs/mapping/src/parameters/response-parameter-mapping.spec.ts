import { compileResponseParameterMapping, ResponseMappingSource } from '@app/mapping';

const source: ResponseMappingSource = {
  header: { 'X-App-Id': 'app-1' },
  multivalueheader: { 'Set-Cookie': ['a=1', 'b=2'] },
  body: JSON.stringify({ redirect: { url: 'https://example.com/next' }, n: 5 }),
  context: { requestId: 'r-1' },
  stageVariables: { region: 'eu' },
};

describe(compileResponseParameterMapping.name, () => {
  it('maps the documented example and every other source to method response headers', () => {
    const sut = compileResponseParameterMapping({
      'method.response.header.location': 'integration.response.body.redirect.url',
      'method.response.header.id': 'integration.response.header.x-app-id',
      'method.response.header.cookies': 'integration.response.multivalueheader.set-cookie',
      'method.response.header.raw': 'integration.response.body',
      'method.response.header.n': 'integration.response.body.n',
      'method.response.header.Access-Control-Allow-Origin': "'*'",
      'method.response.header.x-request': 'context.requestId',
      'method.response.header.x-region': 'stageVariables.region',
      'method.response.header.x-missing': 'integration.response.header.nope',
    });
    expect(sut(source)).toEqual({
      location: 'https://example.com/next',
      id: 'app-1',
      cookies: 'a=1,b=2',
      raw: source.body,
      n: '5',
      'Access-Control-Allow-Origin': '*',
      'x-request': 'r-1',
      'x-region': 'eu',
    });
  });

  it.each([
    ['method.response.body', "'x'", 'method.response.body'],
    ['method.request.header.x', "'x'", 'method.request.header.x'],
    ['method.response.header.x', 'method.request.header.y', 'method.request.header.y'],
    ['method.response.header.x', 'integration.response.querystring.y', 'integration.response.querystring.y'],
    ['method.response.header.x', 'integration.response.body.', 'integration.response.body.'],
    ['method.response.header.x', 'context.', 'context.'],
  ])('refuses %s = %s naming %s', (key, value, offending) => {
    expect(() => compileResponseParameterMapping({ [key]: value })).toThrow(
      `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${offending}]`,
    );
  });
});
