import { Injectable } from '@nestjs/common';
import type { GatewayResponseType, RestGatewayResponseDoc } from '@app/contracts';
import { badRequest } from '../../common/aws-error';
import { applyPatchOperations, type PatchRule } from '../../common/patch-operations';
import { compact, Input } from '../shared/input';
import { paginate, type Page } from '../shared/pagination';
import { RestApiLookup } from '../shared/rest-api.lookup';
import { defaultGatewayResponse, GATEWAY_RESPONSE_TYPES } from './gateway-response.defaults';

const GATEWAY_RESPONSE_PATCH: PatchRule[] = [
  { path: '/statusCode', type: 'string', ops: ['replace', 'remove'] },
  { path: '/responseParameters/{name}', type: 'string', ops: ['add', 'replace', 'remove'] },
  { path: '/responseTemplates/{contentType}', type: 'string', ops: ['add', 'replace', 'remove'] },
];
const HEADER_TARGET = /^gatewayresponse\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const HEADER_SOURCE =
  /^('[^']*'|method\.request\.(header|querystring|path|multivalueheader|multivaluequerystring)\.[^\s]+|context\.[A-Za-z0-9_.]+|stageVariables\.[A-Za-z0-9_]+)$/;

/**
 * PutGatewayResponse, GetGatewayResponse(s), UpdateGatewayResponse, DeleteGatewayResponse. Only customised responses
 * are stored (keyed by type); reads fill in AWS's defaults, and deleting a customisation restores the default.
 */
@Injectable()
export class GatewayResponsesService {
  constructor(private readonly lookup: RestApiLookup) {}

  async put(apiId: string, type: string, body: Record<string, unknown>): Promise<RestGatewayResponseDoc> {
    await this.lookup.api(apiId);
    const input = new Input(body);
    const response = compact<RestGatewayResponseDoc>({
      responseType: checkType(type),
      statusCode: input.string('statusCode'),
      responseParameters: input.stringMap('responseParameters') ?? {},
      responseTemplates: input.stringMap('responseTemplates') ?? {},
      defaultResponse: false,
    });
    return this.save(apiId, response);
  }

  async get(apiId: string, type: string): Promise<RestGatewayResponseDoc> {
    await this.lookup.api(apiId);
    const responseType = checkType(type);
    return (await this.lookup.store.components.get<RestGatewayResponseDoc>(apiId, 'gatewayResponse', responseType)) ?? defaultGatewayResponse(responseType);
  }

  async list(apiId: string, query: { position?: string; limit?: string }): Promise<Page<RestGatewayResponseDoc>> {
    await this.lookup.api(apiId);
    const custom = new Map(
      (await this.lookup.store.components.list<RestGatewayResponseDoc>(apiId, 'gatewayResponse')).map((r) => [r.responseType, r]),
    );
    return paginate(
      GATEWAY_RESPONSE_TYPES.map((type) => custom.get(type) ?? defaultGatewayResponse(type)),
      query,
    );
  }

  async update(apiId: string, type: string, body: Record<string, unknown>): Promise<RestGatewayResponseDoc> {
    const patched = applyPatchOperations(await this.get(apiId, type), body.patchOperations, GATEWAY_RESPONSE_PATCH);
    return this.save(apiId, { responseParameters: {}, responseTemplates: {}, ...patched, defaultResponse: false });
  }

  async delete(apiId: string, type: string): Promise<void> {
    await this.lookup.api(apiId);
    await this.lookup.store.components.delete(apiId, 'gatewayResponse', checkType(type));
  }

  private async save(apiId: string, response: RestGatewayResponseDoc): Promise<RestGatewayResponseDoc> {
    if (response.statusCode !== undefined && !/^[1-5]\d\d$/.test(response.statusCode)) {
      throw badRequest(`Invalid status code specified: ${response.statusCode}`);
    }
    for (const [target, source] of Object.entries(response.responseParameters ?? {})) {
      if (!HEADER_TARGET.test(target)) throw badRequest(`Invalid gateway response parameter specified: ${target}`);
      if (!HEADER_SOURCE.test(source)) throw badRequest(`Invalid mapping expression specified: ${source}`);
    }
    return this.lookup.store.components.put(apiId, 'gatewayResponse', response.responseType, response);
  }
}

function checkType(type: string): GatewayResponseType {
  if (!(GATEWAY_RESPONSE_TYPES as string[]).includes(type)) {
    throw badRequest(`Invalid response type specified: ${type}. Must be one of: [${GATEWAY_RESPONSE_TYPES.join(', ')}]`);
  }
  return type as GatewayResponseType;
}
