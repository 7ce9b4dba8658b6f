import type { GatewayResponseType } from '@app/contracts';

/**
 * Every gateway response type AWS documents (doc_source/supported-gateway-response-types.md) with the status AWS
 * uses by default, the `message` AWS puts in `$context.error.message` for it, and the `x-amzn-ErrorType` header
 * REST APIs send. DEFAULT_4XX/DEFAULT_5XX have no status of their own: they are fallbacks for customisation.
 */
export interface GatewayResponseDefault {
  readonly statusCode: number;
  /** `$context.error.message` when the producer gives no more specific text. */
  readonly message: string;
  /** `x-amzn-ErrorType` on REST APIs (HTTP APIs send no such header). */
  readonly errorType: string;
}

export const GATEWAY_RESPONSE_DEFAULTS: Readonly<Record<GatewayResponseType, GatewayResponseDefault>> = {
  DEFAULT_4XX: { statusCode: 400, message: 'Bad Request', errorType: 'BadRequestException' },
  DEFAULT_5XX: { statusCode: 500, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  ACCESS_DENIED: { statusCode: 403, message: 'User is not authorized to access this resource', errorType: 'AccessDeniedException' },
  API_CONFIGURATION_ERROR: { statusCode: 500, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  AUTHORIZER_CONFIGURATION_ERROR: { statusCode: 500, message: 'Internal server error', errorType: 'AuthorizerConfigurationException' },
  AUTHORIZER_FAILURE: { statusCode: 500, message: 'Internal server error', errorType: 'AuthorizerFailureException' },
  BAD_REQUEST_PARAMETERS: { statusCode: 400, message: 'Missing required request parameters', errorType: 'BadRequestException' },
  BAD_REQUEST_BODY: { statusCode: 400, message: 'Invalid request body', errorType: 'BadRequestException' },
  EXPIRED_TOKEN: { statusCode: 403, message: 'Signature expired', errorType: 'InvalidSignatureException' },
  INTEGRATION_FAILURE: { statusCode: 504, message: 'Network error communicating with endpoint', errorType: 'InternalServerErrorException' },
  INTEGRATION_TIMEOUT: { statusCode: 504, message: 'Endpoint request timed out', errorType: 'InternalServerErrorException' },
  INVALID_API_KEY: { statusCode: 403, message: 'Forbidden', errorType: 'ForbiddenException' },
  INVALID_SIGNATURE: {
    statusCode: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    errorType: 'InvalidSignatureException',
  },
  MISSING_AUTHENTICATION_TOKEN: { statusCode: 403, message: 'Missing Authentication Token', errorType: 'MissingAuthenticationTokenException' },
  QUOTA_EXCEEDED: { statusCode: 429, message: 'Limit Exceeded', errorType: 'LimitExceededException' },
  REQUEST_TOO_LARGE: { statusCode: 413, message: 'Request Too Long', errorType: 'RequestTooLargeException' },
  RESOURCE_NOT_FOUND: { statusCode: 404, message: 'Not Found', errorType: 'ResourceNotFoundException' },
  THROTTLED: { statusCode: 429, message: 'Too Many Requests', errorType: 'TooManyRequestsException' },
  UNAUTHORIZED: { statusCode: 401, message: 'Unauthorized', errorType: 'UnauthorizedException' },
  UNSUPPORTED_MEDIA_TYPE: { statusCode: 415, message: 'Unsupported Media Type', errorType: 'UnsupportedMediaTypeException' },
  WAF_FILTERED: { statusCode: 403, message: 'Forbidden', errorType: 'WAFFilteredException' },
};

export const GATEWAY_RESPONSE_TYPES = Object.keys(GATEWAY_RESPONSE_DEFAULTS) as GatewayResponseType[];

/**
 * HTTP APIs have no customisable gateway responses and answer with their own texts (capitalised differently from
 * REST, and 503 rather than 504 on timeouts). Only the types an HTTP API can produce are listed; the rest fall back
 * to the REST default status with the HTTP API's generic text for that class.
 */
export const HTTP_API_RESPONSE_OVERRIDES: Partial<Record<GatewayResponseType, { statusCode: number; message: string }>> = {
  RESOURCE_NOT_FOUND: { statusCode: 404, message: 'Not Found' },
  MISSING_AUTHENTICATION_TOKEN: { statusCode: 404, message: 'Not Found' },
  INTEGRATION_TIMEOUT: { statusCode: 503, message: 'Service Unavailable' },
  INTEGRATION_FAILURE: { statusCode: 500, message: 'Internal Server Error' },
  API_CONFIGURATION_ERROR: { statusCode: 500, message: 'Internal Server Error' },
  DEFAULT_5XX: { statusCode: 500, message: 'Internal Server Error' },
  AUTHORIZER_FAILURE: { statusCode: 500, message: 'Internal Server Error' },
  AUTHORIZER_CONFIGURATION_ERROR: { statusCode: 500, message: 'Internal Server Error' },
  UNAUTHORIZED: { statusCode: 401, message: 'Unauthorized' },
  ACCESS_DENIED: { statusCode: 403, message: 'Forbidden' },
  THROTTLED: { statusCode: 429, message: 'Too Many Requests' },
  REQUEST_TOO_LARGE: { statusCode: 413, message: 'Request Entity Too Large' },
  BAD_REQUEST_BODY: { statusCode: 400, message: 'Bad Request' },
  BAD_REQUEST_PARAMETERS: { statusCode: 400, message: 'Bad Request' },
};

export function isGatewayResponseType(value: string): value is GatewayResponseType {
  return Object.prototype.hasOwnProperty.call(GATEWAY_RESPONSE_DEFAULTS, value);
}
