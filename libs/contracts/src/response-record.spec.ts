import { httpApiV2ResponseRecord } from '@app/testing/lambda-payload';
import { httpResponseJson, readHttpApiV2ResponseRecord, ResponseRecordError } from './response-record';

const SIX_MB = 6_291_556;
const write = (value: unknown): string | null => httpApiV2ResponseRecord(value, SIX_MB);

describe('the response record', () => {
  it('carries status, headers in order, cookies, body and the base64 flag', () => {
    const record = write({ statusCode: 201, headers: { b: '2', a: '1' }, cookies: ['c=1', 'd=2'], body: 'hi', isBase64Encoded: true });
    expect(record).toBe('201,1,2,1,b1,21,a1,12,3,c=13,d=21,2,hi');
    expect(readHttpApiV2ResponseRecord(record!)).toEqual({ statusCode: 201, headers: ['b', '2', 'a', '1'], cookies: ['c=1', 'd=2'], body: 'hi', isBase64Encoded: true });
  });

  it('tells absent cookies and body from empty ones', () => {
    expect(readHttpApiV2ResponseRecord(write({ statusCode: 204 })!)).toEqual({ statusCode: 204, headers: [], cookies: null, body: null, isBase64Encoded: false });
    expect(readHttpApiV2ResponseRecord(write({ statusCode: 200, cookies: [], body: '', headers: null, isBase64Encoded: null })!)).toEqual({
      statusCode: 200,
      headers: [],
      cookies: [],
      body: '',
      isBase64Encoded: false,
    });
  });

  it('carries any text unescaped: commas, digits, quotes, newlines, astral and lone surrogates', () => {
    const odd = ['1,2,3', '"q"\\', 'a\nb\u0000', '😀 ünï', '\ud800', ''];
    const headers: Record<string, string> = {};
    odd.forEach((value, i) => (headers[`${value}${i}`] = value));
    const response = readHttpApiV2ResponseRecord(write({ statusCode: 200, headers, cookies: odd, body: odd.join('|') })!);
    expect(response.headers).toEqual(Object.entries(headers).flat());
    expect(response.cookies).toEqual(odd);
    expect(response.body).toBe(odd.join('|'));
  });

  it('leaves out what JSON.stringify leaves out: undefined members and header values', () => {
    const response = readHttpApiV2ResponseRecord(write({ statusCode: 200, headers: { a: undefined, b: 'x' }, body: undefined, extra: undefined })!);
    expect(response).toEqual({ statusCode: 200, headers: ['b', 'x'], cookies: null, body: null, isBase64Encoded: false });
  });

  it.each([
    ['a bare string', 'hello'],
    ['null', null],
    ['an array', [1, 2]],
    ['an object without statusCode', { body: 'x' }],
    ['a statusCode that is a string', { statusCode: '200' }],
    ['a statusCode out of range', { statusCode: 600 }],
    ['a fractional statusCode', { statusCode: 200.5 }],
    ['a number as a header value', { statusCode: 200, headers: { 'x-n': 1 } }],
    ['a null header value', { statusCode: 200, headers: { 'x-n': null } }],
    ['headers that are an array', { statusCode: 200, headers: ['a', 'b'] }],
    ['multiValueHeaders', { statusCode: 200, multiValueHeaders: { a: ['1'] } }],
    ['a member the response does not read', { statusCode: 200, extra: 'x' }],
    ['a body that is an object', { statusCode: 200, body: { a: 1 } }],
    ['a cookie that is not a string', { statusCode: 200, cookies: ['a=1', 2] }],
    ['cookies with a hole', { statusCode: 200, cookies: [, 'a=1'] }],
    ['cookies that are a string', { statusCode: 200, cookies: 'a=1' }],
    ['isBase64Encoded as a string', { statusCode: 200, isBase64Encoded: 'true' }],
    ['an instance of a class', new (class Response { statusCode = 200 })()],
    ['an object with toJSON', { statusCode: 200, toJSON: () => ({ statusCode: 500 }) }],
    ['cookies with toJSON', { statusCode: 200, cookies: Object.assign(['a=1'], { toJSON: () => [] }) }],
  ])('is not written for %s: that value travels as JSON text', (_, value) => {
    expect(write(value)).toBeNull();
  });

  it('is not written when its JSON text could exceed the response size limit, which is then checked on the text', () => {
    const body = 'x'.repeat(1000);
    expect(httpApiV2ResponseRecord({ statusCode: 200, body }, 6 * 1020 + 512)).not.toBeNull();
    expect(httpApiV2ResponseRecord({ statusCode: 200, body }, 6 * 1000 + 512)).toBeNull();
  });

  it('bounds the JSON text of the worst case by six bytes a record character', () => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < 300; i++) headers[String.fromCharCode(1 + (i % 30)) + i] = '';
    const value = { statusCode: 200, headers, cookies: ['', '\u0001'], body: '\u0001'.repeat(1000), isBase64Encoded: false };
    const record = write(value)!;
    expect(Buffer.byteLength(JSON.stringify(value))).toBeLessThanOrEqual(6 * record.length + 512);
  });

  it.each([
    ['a record cut short', '200,0,1,1,a'],
    ['a record with characters left over', '200,0,0,-1,0,0,'],
    ['a string longer than the record', '200,0,1,99,a1,b-1,0,'],
    ['a letter where a number belongs', '200,x,0,-1,0,'],
    ['a number without its comma', '200;0,0,-1,0,'],
  ])('refuses %s with an error rather than a wrong response', (_, record) => {
    expect(() => readHttpApiV2ResponseRecord(record)).toThrow(ResponseRecordError);
  });

  it('spells the response as the JSON text of the object it was read from', () => {
    const headers = {};
    for (const name of ['content-type', '__proto__']) Object.defineProperty(headers, name, { value: name === '__proto__' ? 'p' : 'text/plain', enumerable: true, writable: true, configurable: true });
    const json = httpResponseJson(readHttpApiV2ResponseRecord(write({ statusCode: 200, headers, cookies: ['a=1'], body: 'hi', isBase64Encoded: false })!));
    expect(json).toBe('{"statusCode":200,"headers":{"content-type":"text/plain","__proto__":"p"},"cookies":["a=1"],"body":"hi","isBase64Encoded":false}');
    expect(httpResponseJson(readHttpApiV2ResponseRecord(write({ statusCode: 204 })!))).toBe('{"statusCode":204,"headers":{},"isBase64Encoded":false}');
  });
});
