import { readHttpApiV2ResponseRecord } from '@app/contracts';
import { httpApiV2ResponseRecord } from '@app/testing/lambda-payload';
import { MalformedLambdaResponse, parseV1Response, parseV2Response, v2Response } from './lambda-response';

describe(parseV1Response.name, () => {
  it('merges headers with multiValueHeaders winning and decodes base64', () => {
    const sut = parseV1Response(
      JSON.stringify({ statusCode: '201', headers: { A: '1', b: 2, 'Content-Type': 'text/plain' }, multiValueHeaders: { a: ['x', 'y'] }, body: 'aGk=', isBase64Encoded: true }),
      'REST',
    );
    expect(sut).toEqual({ statusCode: 201, headers: ['a', 'x', 'a', 'y', 'b', '2', 'Content-Type', 'text/plain'], body: Buffer.from('hi') });
  });

  it('adds Content-Type application/json on REST only', () => {
    expect(parseV1Response('{"statusCode":204}', 'REST').headers).toEqual(['Content-Type', 'application/json']);
    expect(parseV1Response('{"statusCode":204,"extra":1}', 'HTTP')).toEqual({ statusCode: 204, headers: [], body: null });
  });

  it.each(['not json', 'null', '[]', '"s"', '{"statusCode":99}', '{"statusCode":200.5}', '{"statusCode":200,"headers":[]}', '{"statusCode":200,"headers":{"a":null}}',
    '{"statusCode":200,"multiValueHeaders":{"a":"x"}}', '{"statusCode":200,"body":1}', '{"statusCode":200,"isBase64Encoded":"yes"}', '{"statusCode":200,"x":1}'])(
    'refuses %s',
    (payload) => {
      expect(() => parseV1Response(payload, 'REST')).toThrow(MalformedLambdaResponse);
    },
  );
});

describe(parseV2Response.name, () => {
  it.each([
    ['null', 'null'],
    ['[1,2]', '[1,2]'],
    ['true', 'true'],
    ['{"body":"x"}', '{"body":"x"}'],
  ])('infers a 200 JSON response for %s', (payload, body) => {
    expect(parseV2Response(payload)).toEqual({ statusCode: 200, headers: ['Content-Type', 'application/json'], body });
  });

  it.each(['{"statusCode":"x"}', '{"statusCode":200,"cookies":"a=1"}', '{"statusCode":200,"cookies":[1]}', '{"statusCode":200,"body":{}}', '{bad'])('refuses %s', (payload) => {
    expect(() => parseV2Response(payload)).toThrow(MalformedLambdaResponse);
  });
});

describe(v2Response.name, () => {
  // Every value the local worker sends as a response record must answer exactly as its JSON text would.
  it.each([
    ['the smallest response', { statusCode: 204 }],
    ['headers, cookies and a body', { statusCode: 201, headers: { 'Content-Type': 'text/plain', 'x-b': '' }, cookies: ['a=1; Path=/', 'b=2'], body: 'created' }],
    ['a base64 body', { statusCode: 200, body: 'aGk=', isBase64Encoded: true }],
    ['null and undefined members', { statusCode: 200, headers: null, cookies: null, body: null, isBase64Encoded: null, extra: undefined }],
    ['an undefined header value', { statusCode: 200, headers: { a: undefined, b: '1' } }],
    ['names special to objects', { statusCode: 200, headers: JSON.parse('{"__proto__":"x","constructor":"y","1":"one"}') }],
    ['odd text', { statusCode: 500, headers: { 'x-odd': '1,2\u0000"😀\ud800' }, body: 'a\nb,3,' }],
    ['empty cookies and body', { statusCode: 200, cookies: [], body: '' }],
  ])('answers %s as its JSON text would', (_, value) => {
    const record = httpApiV2ResponseRecord(value, 6_291_556);
    expect(record).not.toBeNull();
    expect(v2Response(readHttpApiV2ResponseRecord(record!))).toEqual(parseV2Response(JSON.stringify(value)));
  });
});
