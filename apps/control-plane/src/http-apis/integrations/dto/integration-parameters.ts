import type { V2ProtocolType, V2ResponseParameters } from '@app/contracts';
import { badRequest } from '../../../common/aws-error';

const HEADER_NAME = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
const HTTP_REQUEST_KEY = new RegExp(`^((overwrite|append|remove):(header\\.${HEADER_NAME}|querystring\\.[^\\s]+)|overwrite:path)$`);
const HTTP_RESPONSE_KEY = new RegExp(`^((overwrite|append|remove):header\\.${HEADER_NAME}|overwrite:statuscode)$`);
const WS_REQUEST_KEY = /^integration\.request\.(header|querystring|path)\.[^\s]+$/;

/**
 * Parameter mapping keys (HTTP APIs: `overwrite:header.x`, `append:querystring.y`, `remove:header.z`,
 * `overwrite:path`; WebSocket: `integration.request.header.x`). A key AWS would refuse is refused here with the key.
 */
export function validateRequestParameters(params: Record<string, string>, protocolType: V2ProtocolType): void {
  const pattern = protocolType === 'HTTP' ? HTTP_REQUEST_KEY : WS_REQUEST_KEY;
  for (const [key, value] of Object.entries(params)) {
    if (!pattern.test(key)) {
      const expected =
        protocolType === 'HTTP'
          ? 'overwrite:|append:|remove: followed by header.{name} or querystring.{name}, or overwrite:path'
          : 'integration.request.header|querystring|path.{name}';
      throw badRequest(`Invalid mapping key in 'requestParameters': ${key}. Expected ${expected}`);
    }
    if (!key.startsWith('remove:') && value.trim() === '') throw badRequest(`Invalid mapping value in 'requestParameters' for ${key}: must not be empty`);
  }
}

/** `responseParameters` of HTTP APIs: status code 200..599 → `overwrite:statuscode` / `append:header.x` → value. */
export function validateResponseParameters(params: unknown, protocolType: V2ProtocolType): V2ResponseParameters {
  if (protocolType !== 'HTTP') throw badRequest("'responseParameters' is supported only for HTTP APIs");
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw badRequest("Invalid value for 'responseParameters': expected a map");
  for (const [status, mappings] of Object.entries(params as Record<string, unknown>)) {
    if (!/^[2-5]\d\d$/.test(status)) throw badRequest(`Invalid status code in 'responseParameters': ${status} must be between 200 and 599`);
    if (typeof mappings !== 'object' || mappings === null || Array.isArray(mappings)) {
      throw badRequest(`Invalid value for 'responseParameters.${status}': expected a map of strings`);
    }
    for (const [key, value] of Object.entries(mappings as Record<string, unknown>)) {
      if (!HTTP_RESPONSE_KEY.test(key)) {
        throw badRequest(
          `Invalid mapping key in 'responseParameters.${status}': ${key}. Expected overwrite:|append:|remove:header.{name} or overwrite:statuscode`,
        );
      }
      if (typeof value !== 'string') throw badRequest(`Invalid value for 'responseParameters.${status}.${key}': expected a string`);
      if (key === 'overwrite:statuscode' && !/^[1-5]\d\d$/.test(value) && !value.startsWith('$')) {
        throw badRequest(`Invalid value for 'responseParameters.${status}.${key}': ${value} is not a status code`);
      }
    }
  }
  return params as V2ResponseParameters;
}
