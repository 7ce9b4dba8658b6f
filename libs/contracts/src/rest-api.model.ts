/**
 * REST API (API Gateway v1, `apigateway`) definitions, in the JSON shapes of the AWS management wire protocol.
 * Stored documents and deployment snapshots use exactly these shapes, so the control plane can return them as
 * they are and the gateway compiles them without translation.
 */

export type RestAuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'COGNITO_USER_POOLS';
export type RestIntegrationType = 'MOCK' | 'HTTP' | 'HTTP_PROXY' | 'AWS' | 'AWS_PROXY';
export type PassthroughBehavior = 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER';
export type ContentHandling = 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT';

export interface RestApiDoc {
  id: string;
  name: string;
  description?: string;
  /** Epoch seconds, as the AWS JSON protocol carries timestamps. */
  createdDate: number;
  version?: string;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource?: 'HEADER' | 'AUTHORIZER';
  endpointConfiguration?: { types: string[]; vpcEndpointIds?: string[] };
  /** Resource policy, a JSON document as a string. */
  policy?: string;
  disableExecuteApiEndpoint?: boolean;
  rootResourceId: string;
  tags?: Record<string, string>;
  warnings?: string[];
}

export interface RestResourceDoc {
  id: string;
  parentId?: string;
  pathPart?: string;
  /** Full path, e.g. `/pets/{petId}`; the root resource is `/`. */
  path: string;
  resourceMethods?: Record<string, RestMethodDoc>;
}

export interface RestMethodDoc {
  httpMethod: string;
  authorizationType: RestAuthorizationType;
  authorizerId?: string;
  apiKeyRequired?: boolean;
  requestValidatorId?: string;
  operationName?: string;
  /** e.g. `{"method.request.querystring.page": true}`; true means required. */
  requestParameters?: Record<string, boolean>;
  /** Content type → model name. */
  requestModels?: Record<string, string>;
  methodResponses?: Record<string, RestMethodResponseDoc>;
  methodIntegration?: RestIntegrationDoc;
  authorizationScopes?: string[];
}

export interface RestMethodResponseDoc {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export interface RestIntegrationDoc {
  type: RestIntegrationType;
  httpMethod?: string;
  uri?: string;
  connectionType?: 'INTERNET' | 'VPC_LINK';
  connectionId?: string;
  credentials?: string;
  /** e.g. `{"integration.request.header.x-id": "method.request.path.id"}`. */
  requestParameters?: Record<string, string>;
  /** Content type → VTL template. */
  requestTemplates?: Record<string, string>;
  passthroughBehavior?: PassthroughBehavior;
  contentHandling?: ContentHandling;
  /** 50..29000 ms; AWS default 29000. */
  timeoutInMillis?: number;
  cacheNamespace?: string;
  cacheKeyParameters?: string[];
  integrationResponses?: Record<string, RestIntegrationResponseDoc>;
  tlsConfig?: { insecureSkipVerification?: boolean };
}

export interface RestIntegrationResponseDoc {
  statusCode: string;
  /** Java regex matched against the Lambda errorMessage or the HTTP status code; absent = default response. */
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  contentHandling?: ContentHandling;
}

export interface RestAuthorizerDoc {
  id: string;
  name: string;
  type: 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS';
  providerARNs?: string[];
  authType?: string;
  authorizerUri?: string;
  authorizerCredentials?: string;
  /** e.g. `method.request.header.Authorization`, comma-separated for REQUEST authorizers. */
  identitySource?: string;
  identityValidationExpression?: string;
  /** Default 300, max 3600, 0 disables caching. */
  authorizerResultTtlInSeconds?: number;
}

export interface RestModelDoc {
  id: string;
  name: string;
  description?: string;
  /** JSON Schema draft 4, as a string. */
  schema?: string;
  contentType: string;
}

export interface RestRequestValidatorDoc {
  id: string;
  name?: string;
  validateRequestBody?: boolean;
  validateRequestParameters?: boolean;
}

export interface RestGatewayResponseDoc {
  responseType: GatewayResponseType;
  statusCode?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  defaultResponse?: boolean;
}

export interface RestMethodSetting {
  metricsEnabled?: boolean;
  loggingLevel?: 'OFF' | 'ERROR' | 'INFO';
  dataTraceEnabled?: boolean;
  throttlingBurstLimit?: number;
  throttlingRateLimit?: number;
  cachingEnabled?: boolean;
  cacheTtlInSeconds?: number;
  cacheDataEncrypted?: boolean;
  requireAuthorizationForCacheControl?: boolean;
  unauthorizedCacheControlHeaderStrategy?: string;
}

export interface AccessLogSettings {
  destinationArn?: string;
  format?: string;
}

export interface RestStageDoc {
  stageName: string;
  deploymentId: string;
  description?: string;
  /** Stage variables. */
  variables?: Record<string, string>;
  /** Keyed by `{resourcePath}/{httpMethod}` with `~1` for `/`, or `*\/*` for all methods. */
  methodSettings?: Record<string, RestMethodSetting>;
  accessLogSettings?: AccessLogSettings;
  canarySettings?: {
    percentTraffic?: number;
    deploymentId?: string;
    stageVariableOverrides?: Record<string, string>;
    useStageCache?: boolean;
  };
  tracingEnabled?: boolean;
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: string;
  cacheClusterStatus?: string;
  clientCertificateId?: string;
  documentationVersion?: string;
  webAclArn?: string;
  tags?: Record<string, string>;
  createdDate: number;
  lastUpdatedDate: number;
}

/** Every gateway response type AWS documents (supported-gateway-response-types.md). */
export type GatewayResponseType =
  | 'ACCESS_DENIED'
  | 'API_CONFIGURATION_ERROR'
  | 'AUTHORIZER_CONFIGURATION_ERROR'
  | 'AUTHORIZER_FAILURE'
  | 'BAD_REQUEST_PARAMETERS'
  | 'BAD_REQUEST_BODY'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX'
  | 'EXPIRED_TOKEN'
  | 'INTEGRATION_FAILURE'
  | 'INTEGRATION_TIMEOUT'
  | 'INVALID_API_KEY'
  | 'INVALID_SIGNATURE'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'QUOTA_EXCEEDED'
  | 'REQUEST_TOO_LARGE'
  | 'RESOURCE_NOT_FOUND'
  | 'THROTTLED'
  | 'UNAUTHORIZED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'WAF_FILTERED';
