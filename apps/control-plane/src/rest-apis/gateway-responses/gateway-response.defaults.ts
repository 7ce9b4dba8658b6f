import type { GatewayResponseType, RestGatewayResponseDoc } from '@app/contracts';

/**
 * Default status of each gateway response type (supported-gateway-response-types.md); DEFAULT_4XX/5XX have none,
 * the status comes from the error. Every default renders `{"message":$context.error.messageString}`.
 */
const DEFAULT_STATUS: Record<GatewayResponseType, string | undefined> = {
  ACCESS_DENIED: '403',
  API_CONFIGURATION_ERROR: '500',
  AUTHORIZER_CONFIGURATION_ERROR: '500',
  AUTHORIZER_FAILURE: '500',
  BAD_REQUEST_PARAMETERS: '400',
  BAD_REQUEST_BODY: '400',
  DEFAULT_4XX: undefined,
  DEFAULT_5XX: undefined,
  EXPIRED_TOKEN: '403',
  INTEGRATION_FAILURE: '504',
  INTEGRATION_TIMEOUT: '504',
  INVALID_API_KEY: '403',
  INVALID_SIGNATURE: '403',
  MISSING_AUTHENTICATION_TOKEN: '403',
  QUOTA_EXCEEDED: '429',
  REQUEST_TOO_LARGE: '413',
  RESOURCE_NOT_FOUND: '404',
  THROTTLED: '429',
  UNAUTHORIZED: '401',
  UNSUPPORTED_MEDIA_TYPE: '415',
  WAF_FILTERED: '403',
};

export const GATEWAY_RESPONSE_TYPES = Object.keys(DEFAULT_STATUS) as GatewayResponseType[];

export function defaultGatewayResponse(responseType: GatewayResponseType): RestGatewayResponseDoc {
  const statusCode = DEFAULT_STATUS[responseType];
  return {
    responseType,
    ...(statusCode ? { statusCode } : {}),
    responseParameters: {},
    responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
    defaultResponse: true,
  };
}
