import { RequestContext } from '../context/request-context';
import type { InboundRequest, ResponseSink } from '../inbound';
import type { CompiledStage } from '../registry/compiled-stage';
import { GATEWAY_RESPONSE_DEFAULTS, GATEWAY_RESPONSE_TYPES } from './gateway-response.table';
import { GatewayResponder } from './gateway-responder';
import { ContextTemplateRenderer } from './template-renderer';

function contextFor(responses: GatewayResponder, protocol: 'REST' | 'HTTP'): RequestContext {
  const stage = { apiId: 'api', stageName: 'prod', protocol, accountId: '1', stageVariables: { v: 'x' }, responses } as unknown as CompiledStage;
  const req = { headers: { 'x-in': 'hdr' }, httpVersion: '1.1' } as unknown as InboundRequest;
  return new RequestContext(req, {} as ResponseSink, stage, 'GET', '/a', 'q=1', '/prod', 'rid', 'xid', 0, 0, '1.2.3.4', 'd', 'd');
}

describe(GatewayResponder.name, () => {
  it.each(GATEWAY_RESPONSE_TYPES.filter((t) => !t.startsWith('DEFAULT_')))('REST %s: default status, body and x-amzn-ErrorType', (type) => {
    const sut = new GatewayResponder('REST', new ContextTemplateRenderer());
    const def = GATEWAY_RESPONSE_DEFAULTS[type];
    const r = sut.respond(contextFor(sut, 'REST'), type);
    expect(r.statusCode).toBe(def.statusCode);
    expect(r.headers).toEqual(['Content-Type', 'application/json', 'x-amzn-ErrorType', def.errorType]);
    const space = def.statusCode >= 500 ? ' ' : '';
    expect(r.body).toBe(`{"message":${space}${JSON.stringify(def.message)}}`);
  });

  it('uses the producer message and escapes it as JSON', () => {
    const sut = new GatewayResponder('REST', new ContextTemplateRenderer());
    expect(sut.respond(contextFor(sut, 'REST'), 'BAD_REQUEST_BODY', 'Invalid "body"').body).toBe('{"message":"Invalid \\"body\\""}');
  });

  it('HTTP APIs answer with their own texts and no x-amzn-ErrorType', () => {
    const sut = new GatewayResponder('HTTP', new ContextTemplateRenderer());
    const ctx = contextFor(sut, 'HTTP');
    expect(sut.respond(ctx, 'RESOURCE_NOT_FOUND')).toEqual({ statusCode: 404, headers: ['Content-Type', 'application/json'], body: '{"message":"Not Found"}' });
    expect(sut.respond(ctx, 'INTEGRATION_TIMEOUT').statusCode).toBe(503);
    expect(sut.respond(ctx, 'INTEGRATION_TIMEOUT').body).toBe('{"message":"Service Unavailable"}');
  });

  it('applies a type customisation over DEFAULT_5XX and DEFAULT_5XX to other 5XX types', () => {
    const sut = new GatewayResponder('REST', new ContextTemplateRenderer(), [
      { responseType: 'DEFAULT_5XX', statusCode: '599', responseTemplates: { 'application/json': '{"e":"$context.error.responseType"}' } },
      { responseType: 'INTEGRATION_TIMEOUT', responseParameters: { 'gatewayresponse.header.x-in': 'method.request.header.X-In', 'gatewayresponse.header.x-v': 'stageVariables.v' } },
    ]);
    const ctx = contextFor(sut, 'REST');
    expect(sut.respond(ctx, 'API_CONFIGURATION_ERROR')).toMatchObject({ statusCode: 599, body: '{"e":"API_CONFIGURATION_ERROR"}' });
    const timeout = sut.respond(ctx, 'INTEGRATION_TIMEOUT');
    expect(timeout.statusCode).toBe(599);
    expect(timeout.headers).toEqual(expect.arrayContaining(['x-in', 'hdr', 'x-v', 'x']));
    expect(sut.respond(ctx, 'THROTTLED').statusCode).toBe(429);
  });

  it.each([
    [{ responseType: 'NOPE' }, "unknown responseType 'NOPE'"],
    [{ responseType: 'THROTTLED', statusCode: 'abc' }, "THROTTLED.statusCode: 'abc' is not an HTTP status"],
    [{ responseType: 'THROTTLED', responseParameters: { 'method.response.header.x': "'1'" } }, 'is not gatewayresponse.header.<name>'],
    [{ responseType: 'THROTTLED', responseParameters: { 'gatewayresponse.header.x': 'integration.response.body' } }, "unsupported value 'integration.response.body'"],
    [{ responseType: 'THROTTLED', responseTemplates: { 'application/json': '#if($x)a#end' } }, 'template needs the VTL renderer'],
  ])('refuses %j', (doc, message) => {
    expect(() => new GatewayResponder('REST', new ContextTemplateRenderer(), [doc as never])).toThrow(message);
  });
});
