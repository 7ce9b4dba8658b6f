import { buildHttpApiV2Event, minimalRecord } from '@app/testing/lambda-payload';
import { eventTextBytesBound, recordPairs, recordToken } from './event-record';

describe('the event record reader', () => {
  it('builds the smallest event: required members only, in payload 2.0 order', () => {
    const event = buildHttpApiV2Event(minimalRecord());
    expect(JSON.stringify(event)).toBe(
      '{"version":"2.0","routeKey":"$default","rawPath":"/p","rawQueryString":"","headers":{},"requestContext":{"accountId":"123456789012",' +
        '"apiId":"api","domainName":"api.example.com","domainPrefix":"api","http":{"method":"GET","path":"/p","protocol":"HTTP/1.1",' +
        '"sourceIp":"10.0.0.1","userAgent":""},"requestId":"rid","routeKey":"$default","stage":"$default","time":"24/Nov/2026:17:00:00 +0000",' +
        '"timeEpoch":1795539600000},"isBase64Encoded":false}',
    );
  });

  it('carries any text unescaped: commas, digits, quotes, newlines, astral and lone surrogates', () => {
    const odd = ['1,2,3', '"q"\\', 'a\nb\u0000', '😀 ünï', '\ud800', ''];
    const headers: Record<string, string> = {};
    odd.forEach((value, i) => (headers[`h${i}`] = value));
    const event = buildHttpApiV2Event(minimalRecord({ cookies: `${odd.length},${odd.map(recordToken).join('')}`, headers: recordPairs(headers, '0,'), body: '1,' + recordToken(odd.join('|')) }));
    expect(event.cookies).toEqual(odd);
    expect(event.headers).toEqual(headers);
    expect(event.body).toBe(odd.join('|'));
  });

  it('makes members of names that are special to JavaScript objects, as JSON.parse does', () => {
    const event = buildHttpApiV2Event(minimalRecord({ path: recordPairs(JSON.parse('{"__proto__":"x","constructor":"y","1":"one"}'), '-1,'), query: '1,' + recordToken('__proto__') + recordToken('q') }));
    expect(JSON.stringify(event.pathParameters)).toBe(JSON.stringify(JSON.parse('{"1":"one","__proto__":"x","constructor":"y"}')));
    expect(Object.getPrototypeOf(event.pathParameters)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(event.queryStringParameters, '__proto__')?.value).toBe('q');
  });

  it('parses the authorizer as JSON and keeps empty path parameters and stage variables as {}', () => {
    const event = buildHttpApiV2Event(minimalRecord({ authorizer: recordToken('{"jwt":{"claims":{"sub":"u"},"scopes":null}}'), path: '0,', variables: '0,', base64: '1,' }));
    expect(Object.keys(event.requestContext)).toEqual(['accountId', 'apiId', 'authorizer', 'domainName', 'domainPrefix', 'http', 'requestId', 'routeKey', 'stage', 'time', 'timeEpoch']);
    expect(event.requestContext.authorizer).toEqual({ jwt: { claims: { sub: 'u' }, scopes: null } });
    expect(event.pathParameters).toEqual({});
    expect(event.stageVariables).toEqual({});
    expect(event.isBase64Encoded).toBe(true);
  });

  it.each([
    ['a record cut short', minimalRecord().slice(0, -3)],
    ['a record with characters left over', minimalRecord() + '0,'],
    ['a string longer than the record', '99,abc'],
    ['a number without its comma', minimalRecord().replace('1795539600000,', '1795539600000;')],
    ['a letter where a number belongs', minimalRecord({ cookies: 'x,' })],
  ])('refuses %s with an error rather than a wrong event', (_, record) => {
    expect(() => buildHttpApiV2Event(record)).toThrow(/event record/);
  });
});

describe(eventTextBytesBound.name, () => {
  it('bounds the JSON text of the worst case: every character escaped to six bytes, every string empty or one character', () => {
    const controls = '\u0001'.repeat(1000);
    const many: Record<string, string> = {};
    for (let i = 0; i < 500; i++) many[String.fromCharCode(1 + (i % 30)) + i] = '';
    const record = minimalRecord({ headers: recordPairs(many, '0,'), body: '1,' + recordToken(controls), path: recordPairs({ '': '' }, '-1,') });
    const text = JSON.stringify(buildHttpApiV2Event(record));
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(eventTextBytesBound(record.length));
  });
});
