import type { GatewayResponseType } from '@app/contracts';

/** Context values an authorizer passes on: REST allows string/number/boolean only; HTTP APIs also arrays and maps. */
export type AuthorizerContextValue = string | number | boolean | AuthorizerContextValue[] | { [key: string]: AuthorizerContextValue };

export interface AuthorizerGrant {
  ok: true;
  principalId?: string;
  /** For `$context.authorizer.<key>` and requestContext.authorizer (REST: lambda proxy event gets them as-is). */
  context: Record<string, AuthorizerContextValue>;
  /** API key for usage plans when apiKeySource is AUTHORIZER. */
  usageIdentifierKey?: string;
  /** JWT authorizers: requestContext.authorizer.jwt. */
  jwt?: { claims: Record<string, string>; scopes: string[] | null };
  /** True when the answer came from the authorizer cache ($context.authorizer.… is the same either way). */
  cached: boolean;
}

/** A refusal, as the gateway response it becomes (the pipeline applies the API's customised gateway responses). */
export interface AuthorizerRefusal {
  ok: false;
  responseType: Extract<GatewayResponseType, 'UNAUTHORIZED' | 'ACCESS_DENIED' | 'AUTHORIZER_CONFIGURATION_ERROR' | 'AUTHORIZER_FAILURE'>;
  statusCode: 401 | 403 | 500;
  /** `{"message": <this>}`; null is what AWS sends for authorizer configuration errors on REST APIs. */
  message: string | null;
  headers?: Record<string, string>;
  /** For `$context.authorizer.error` and logs; never sent to the client. */
  error?: string;
  /**
   * REST Lambda authorizers whose policy neither allowed nor denied the method (an implicit deny): what the
   * authorizer would have granted. API Gateway still lets the call through when the API's resource policy allows it
   * explicitly (Table A of apigateway-authorization-flow.md); otherwise this refusal stands.
   */
  silentGrant?: AuthorizerGrant;
}

export type AuthorizerOutcome = AuthorizerGrant | AuthorizerRefusal;

export const REFUSALS = {
  unauthorized: (error?: string): AuthorizerRefusal => ({ ok: false, responseType: 'UNAUTHORIZED', statusCode: 401, message: 'Unauthorized', error }),
  explicitDeny: (): AuthorizerRefusal => ({
    ok: false,
    responseType: 'ACCESS_DENIED',
    statusCode: 403,
    message: 'User is not authorized to access this resource with an explicit deny',
  }),
  implicitDeny: (): AuthorizerRefusal => ({ ok: false, responseType: 'ACCESS_DENIED', statusCode: 403, message: 'User is not authorized to access this resource' }),
  /** HTTP APIs answer every denial with a plain 403 Forbidden. */
  forbidden: (headers?: Record<string, string>, error?: string): AuthorizerRefusal => ({
    ok: false,
    responseType: 'ACCESS_DENIED',
    statusCode: 403,
    message: 'Forbidden',
    headers,
    error,
  }),
  /** REST: 500 `{"message": null}` (x-amzn-ErrorType AuthorizerConfigurationException); HTTP: Internal Server Error. */
  configurationError: (protocol: 'REST' | 'HTTP', error: string): AuthorizerRefusal => ({
    ok: false,
    responseType: 'AUTHORIZER_CONFIGURATION_ERROR',
    statusCode: 500,
    message: protocol === 'REST' ? null : 'Internal Server Error',
    error,
  }),
};
