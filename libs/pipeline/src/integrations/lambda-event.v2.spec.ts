import { request } from 'node:http';
import { StageRegistry } from '../registry/stage.registry';
import { serveGateway, type GatewayServer } from '../testing/gateway-server';
import { RecordingInvoker, httpStage, lambdaUri, success } from '../testing/active-stage.factory';
import { serializeV2Event } from './lambda-event.v2';
import { jsonString } from './json-text';

/** Sends one request with header lines exactly as listed (repeats and casing kept). */
function send(base: string, path: string, headers: string[], body?: Buffer | string): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: body === undefined ? 'GET' : 'POST', headers: [...headers, 'Host', url.host], agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe(serializeV2Event.name, () => {
  let server: GatewayServer;
  let base: string;
  let invoker: RecordingInvoker;

  beforeAll(async () => {
    const registry = new StageRegistry();
    registry.load(
      httpStage('httpv2', '$default', [{ routeKey: 'ANY /items/{id}', integration: { integrationType: 'AWS_PROXY', integrationUri: lambdaUri('f'), payloadFormatVersion: '2.0' } }], {
        stageVariables: { color: 'bl"ue', path: 'a\\b' },
      }),
    );
    invoker = new RecordingInvoker(success({ statusCode: 200 }));
    server = await serveGateway({ registry, invoker });
    base = server.base;
  });

  afterAll(() => server.close());

  it('writes the whole 2.0 event: every member, in AWS order, as JSON the function can parse', async () => {
    expect(await send(base, '/_aws/execute-api/httpv2/items/7?a=1&b=2&a=3', ['User-Agent', 'ua/1', 'X-Dup', 'one', 'x-dup', 'two', 'Cookie', 'c1=v1; c2=v2'])).toBe(200);
    const sut = invoker.lastEvent;
    const port = new URL(base).port;
    expect(Object.keys(sut)).toEqual(['version', 'routeKey', 'rawPath', 'rawQueryString', 'cookies', 'headers', 'queryStringParameters', 'requestContext', 'pathParameters', 'isBase64Encoded', 'stageVariables']);
    expect(sut).toMatchObject({
      version: '2.0',
      routeKey: 'ANY /items/{id}',
      rawPath: '/items/7',
      rawQueryString: 'a=1&b=2&a=3',
      cookies: ['c1=v1', 'c2=v2'],
      headers: { 'user-agent': 'ua/1', 'x-dup': 'one,two', host: `127.0.0.1:${port}`, 'x-forwarded-for': '127.0.0.1', 'x-forwarded-port': port, 'x-forwarded-proto': 'http' },
      queryStringParameters: { a: '1,3', b: '2' },
      pathParameters: { id: '7' },
      isBase64Encoded: false,
      stageVariables: { color: 'bl"ue', path: 'a\\b' },
    });
    expect(Object.keys(sut.requestContext)).toEqual(['accountId', 'apiId', 'domainName', 'domainPrefix', 'http', 'requestId', 'routeKey', 'stage', 'time', 'timeEpoch']);
    expect(sut.requestContext).toMatchObject({
      apiId: 'httpv2',
      http: { method: 'GET', path: '/items/7', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'ua/1' },
      routeKey: 'ANY /items/{id}',
      stage: '$default',
    });
    expect(sut.requestContext.time).toMatch(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    expect(typeof sut.requestContext.timeEpoch).toBe('number');
  });

  it('escapes quotes, backslashes and control characters in header values, query strings and bodies', async () => {
    const body = 'line1\nline2\t"quoted" \\ \u0001 ünïcødé 😀';
    expect(await send(base, '/_aws/execute-api/httpv2/items/%22x%5C?q=%22%5C%0A', ['X-Odd', 'a "b" \\c\td', 'Content-Type', 'text/plain; charset=utf-8'], body)).toBe(200);
    const sut = invoker.lastEvent;
    expect(sut.headers['x-odd']).toBe('a "b" \\c\td');
    expect(sut.queryStringParameters).toEqual({ q: '"\\\n' });
    expect(sut.rawQueryString).toBe('q=%22%5C%0A');
    expect(sut.pathParameters).toEqual({ id: '"x\\' });
    expect(sut.body).toBe(body);
    expect(sut.isBase64Encoded).toBe(false);
  });

  it('base64-encodes a body whose type is not text', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    expect(await send(base, '/_aws/execute-api/httpv2/items/1', ['Content-Type', 'application/octet-stream'], bytes)).toBe(200);
    expect(invoker.lastEvent.body).toBe(bytes.toString('base64'));
    expect(invoker.lastEvent.isBase64Encoded).toBe(true);
  });

  it('treats query parameters and headers named like Object.prototype members as plain names', async () => {
    expect(await send(base, '/_aws/execute-api/httpv2/items/1?constructor=a&__proto__=b&toString=c', ['Constructor', 'h', '__proto__', 'p'])).toBe(200);
    // lastEvent is the object a local worker builds from the event record, checked against the JSON text.
    const sut = invoker.lastEvent;
    expect(sut.queryStringParameters).toEqual(JSON.parse('{"constructor":"a","__proto__":"b","toString":"c"}'));
    expect(sut.headers.constructor).toBe('h');
    expect(Object.getOwnPropertyDescriptor(sut.headers, '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(sut.headers)).toBe(Object.prototype);
  });

  it('hands the function an event record with its JSON text, not text alone', async () => {
    expect(await send(base, '/_aws/execute-api/httpv2/items/9?x=1', ['Cookie', 'a=1'], '{"k":"v"}')).toBe(200);
    const payload = invoker.requests[invoker.requests.length - 1].payload;
    if (typeof payload === 'string') throw new Error('a 2.0 event went out as text only');
    expect(payload.format).toBe('http-api-v2');
    expect(JSON.parse(payload.text())).toEqual(invoker.lastEvent);
    expect(invoker.lastEvent).toMatchObject({ cookies: ['a=1'], queryStringParameters: { x: '1' }, pathParameters: { id: '9' } });
  });

  it('joins repeated headers in order however many distinct names the request has (scanned, then looked up)', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 40; i++) lines.push(`X-H${i}`, `a${i}`);
    for (let i = 38; i >= 0; i -= 2) lines.push(`x-h${i}`, `b${i}`);
    expect(await send(base, '/_aws/execute-api/httpv2/items/1', lines)).toBe(200);
    const headers = invoker.lastEvent.headers as Record<string, string>;
    const sent = Object.keys(headers).filter((name) => name.startsWith('x-h'));
    expect(sent).toEqual(Array.from({ length: 40 }, (_, i) => `x-h${i}`));
    for (let i = 0; i < 40; i++) expect(headers[`x-h${i}`]).toBe(i % 2 === 0 ? `a${i},b${i}` : `a${i}`);
  });

  it('omits cookies and queryStringParameters when the request has none', async () => {
    expect(await send(base, '/_aws/execute-api/httpv2/items/1', [])).toBe(200);
    expect(invoker.lastEvent).not.toHaveProperty('cookies');
    expect(invoker.lastEvent).not.toHaveProperty('queryStringParameters');
    expect(invoker.lastEvent).not.toHaveProperty('body');
  });
});

describe(jsonString.name, () => {
  it.each(['', 'plain', 'q"uote', 'back\\slash', 'ctl\u0000\u001f', 'tab\t', 'latin1 \u00e9\u00ff', 'pair 😀', 'lone \ud800 x', 'lone \udfff', '\u2028\u2029'])('writes %j exactly as JSON.stringify does', (value) => {
    expect(jsonString(value)).toBe(JSON.stringify(value));
  });
});
