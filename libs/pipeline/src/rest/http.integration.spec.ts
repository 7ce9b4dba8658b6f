import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RestIntegrationDoc } from '@app/contracts';
import { restApi, startRestHarness, type RestHarness } from '../testing/rest-harness';
import { httpIntegration } from './http.integration';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

describe('httpIntegration', () => {
  let sut: RestHarness;
  let upstream: Server;
  let origin: string;
  const seen: Seen[] = [];
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);

  beforeAll(async () => {
    sut = await startRestHarness();
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
        const status = /\/status\/(\d{3})/.exec(req.url!)?.[1];
        if (req.url!.startsWith('/image')) {
          res.writeHead(200, { 'content-type': 'image/png' });
          return void res.end(png);
        }
        if (req.url!.startsWith('/slow')) return void setTimeout(() => res.end('late'), 300);
        res.writeHead(status ? Number(status) : 200, { 'content-type': 'application/json', 'x-backend': 'b1', 'x-secret': 'hidden' });
        res.end(JSON.stringify({ id: 7, name: 'rex', path: req.url }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await sut.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  beforeEach(() => {
    seen.length = 0;
    const http = (extra: Partial<RestIntegrationDoc>): RestIntegrationDoc => ({
      type: 'HTTP',
      httpMethod: 'POST',
      uri: '${stageVariables.backend}/pets/{id}',
      requestParameters: {
        'integration.request.path.id': 'method.request.path.petId',
        'integration.request.querystring.kind': 'method.request.querystring.type',
        'integration.request.header.x-tenant': 'method.request.header.Tenant',
        'integration.request.header.x-static': "'fixed'",
      },
      requestTemplates: { 'application/json': '{"pet":$input.json(\'$\'),"tenant":"$input.params(\'Tenant\')","v":"$stageVariables.version"}' },
      integrationResponses: {
        '200': {
          statusCode: '200',
          responseParameters: { 'method.response.header.x-pet-name': 'integration.response.body.name', 'method.response.header.x-from': 'integration.response.header.x-backend' },
          responseTemplates: { 'application/json': '{"petId":$input.path(\'$.id\'),"requestId":"$context.requestId"}', 'application/xml': '<pet>$input.path(\'$.name\')</pet>' },
        },
        '404': { statusCode: '404', selectionPattern: '404', responseTemplates: { 'application/json': '{"message":"missing"}' } },
        '502': { statusCode: '502', selectionPattern: '5\\d{2}' },
      },
      ...extra,
    });
    sut.registry.load(
      restApi('httpapi1', {
        variables: { backend: origin, version: 'v9' },
        binaryMediaTypes: ['image/png'],
        methods: [
          {
            path: '/pets/{petId}',
            httpMethod: 'POST',
            requestParameters: { 'method.request.path.petId': true, 'method.request.querystring.type': false, 'method.request.header.Tenant': false },
            methodIntegration: http({}),
          },
          {
            path: '/status/{code}',
            httpMethod: 'GET',
            requestParameters: { 'method.request.path.code': true },
            methodIntegration: http({
              httpMethod: 'GET',
              uri: `${origin}/status/{code}`,
              requestParameters: { 'integration.request.path.code': 'method.request.path.code' },
              requestTemplates: undefined,
            }),
          },
          {
            path: '/image',
            httpMethod: 'GET',
            methodIntegration: { type: 'HTTP', httpMethod: 'GET', uri: `${origin}/image`, integrationResponses: { '200': { statusCode: '200', responseParameters: { 'method.response.header.Content-Type': 'integration.response.header.content-type' } } } },
          },
          {
            path: '/image-text',
            httpMethod: 'GET',
            methodIntegration: { type: 'HTTP', httpMethod: 'GET', uri: `${origin}/image`, integrationResponses: { '200': { statusCode: '200', contentHandling: 'CONVERT_TO_TEXT' } } },
          },
          {
            path: '/upload',
            httpMethod: 'POST',
            methodIntegration: { type: 'HTTP', httpMethod: 'POST', uri: `${origin}/upload`, contentHandling: 'CONVERT_TO_TEXT', integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': '' } } } },
          },
          {
            path: '/slow',
            httpMethod: 'GET',
            methodIntegration: { type: 'HTTP', httpMethod: 'GET', uri: `${origin}/slow`, timeoutInMillis: 100, integrationResponses: { '200': { statusCode: '200' } } },
          },
          {
            path: '/nodefault',
            httpMethod: 'GET',
            methodIntegration: { type: 'HTTP', httpMethod: 'GET', uri: `${origin}/status/201`, integrationResponses: { '400': { statusCode: '400', selectionPattern: '4\\d{2}' } } },
          },
        ],
      }),
    );
  });

  it('sends the rendered template, mapped path/query/headers and stage variables upstream — and nothing else of the method request', async () => {
    const r = await sut.call('httpapi1', '/pets/42?type=dog&other=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', tenant: 'acme', cookie: 'c=1' },
      body: '{"name":"rex"}',
    });
    expect(r.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('POST');
    expect(seen[0].url).toBe('/pets/42?kind=dog');
    expect(JSON.parse(seen[0].body.toString())).toEqual({ pet: { name: 'rex' }, tenant: 'acme', v: 'v9' });
    expect(seen[0].headers).toMatchObject({ 'x-tenant': 'acme', 'x-static': 'fixed', 'content-type': 'application/json', 'user-agent': 'AmazonAPIGateway_httpapi1' });
    expect(seen[0].headers.cookie).toBeUndefined();
  });

  it('maps the response: template over the upstream body, header mappings from body and headers, upstream headers not leaked', async () => {
    const r = await sut.call('httpapi1', '/pets/42', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-pet-name']).toBe('rex');
    expect(r.headers['x-from']).toBe('b1');
    expect(r.headers['x-secret']).toBeUndefined();
    expect(JSON.parse(r.body)).toEqual({ petId: 7, requestId: r.headers['x-amzn-requestid'] });
  });

  it('chooses the response template by Accept and sends its media type', async () => {
    const r = await sut.call('httpapi1', '/pets/1', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/xml' }, body: '{}' });
    expect(r.headers['content-type']).toBe('application/xml');
    expect(r.body).toBe('<pet>rex</pet>');
    // An Accept with no template falls back to the first template.
    const other = await sut.call('httpapi1', '/pets/1', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/csv' }, body: '{}' });
    expect(other.headers['content-type']).toBe('application/json');
  });

  it.each([
    ['404', 404, '{"message":"missing"}'],
    ['503', 502, '{"id":7,"name":"rex","path":"/status/503"}'],
    ['201', 200, '{"petId":7,"requestId":'],
  ])('upstream %s selects method response %s', async (code, status, body) => {
    const r = await sut.call('httpapi1', `/status/${code}`);
    expect(r.status).toBe(status);
    expect(r.body.startsWith(body)).toBe(true);
  });

  it('answers 500 when no integration response matches and none is the default', async () => {
    const r = await sut.call('httpapi1', '/nodefault');
    expect(r.status).toBe(500);
    expect(r.body).toBe('{"message": "Internal server error"}');
  });

  it('passes binary upstream bytes through when the client accepts the binary type; maps Content-Type from the upstream', async () => {
    const r = await sut.call('httpapi1', '/image', { headers: { accept: 'image/png' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.bytes.equals(png)).toBe(true);
  });

  it('base64-encodes binary upstream bytes for a text Accept, and with CONVERT_TO_TEXT', async () => {
    expect((await sut.call('httpapi1', '/image', { headers: { accept: 'application/json' } })).body).toBe(png.toString('base64'));
    expect((await sut.call('httpapi1', '/image-text', { headers: { accept: 'image/png' } })).body).toBe(png.toString('base64'));
  });

  it('CONVERT_TO_TEXT sends a binary request body upstream as base64; an empty response template passes the body through', async () => {
    const r = await sut.call('httpapi1', '/upload', { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
    expect(seen[0].body.toString()).toBe(png.toString('base64'));
    expect(r.body).toBe('{"id":7,"name":"rex","path":"/upload"}');
  });

  it('answers 504 Endpoint request timed out after timeoutInMillis', async () => {
    const r = await sut.call('httpapi1', '/slow');
    expect(r.status).toBe(504);
    expect(r.body).toBe('{"message": "Endpoint request timed out"}');
  });

  it('refuses a mapping from a method parameter the method does not declare', () => {
    const bad = restApi('bad', {
      methods: [{ path: '/x', httpMethod: 'GET', methodIntegration: { type: 'HTTP', httpMethod: 'GET', uri: origin, requestParameters: { 'integration.request.header.a': 'method.request.header.b' } } }],
    });
    expect(() => sut.registry.load(bad)).toThrow(/GET \/x: integration requestParameters/);
  });

  it('refuses a non-http(s) URI', () => {
    const bad = restApi('bad', { methods: [{ path: '/x', httpMethod: 'GET', methodIntegration: { type: 'HTTP', httpMethod: 'GET', uri: 'ftp://x/y' } }] });
    expect(() => sut.registry.load(bad)).toThrow("integration uri 'ftp://x/y' is not http(s)");
    expect(httpIntegration).toBeInstanceOf(Function);
  });
});
