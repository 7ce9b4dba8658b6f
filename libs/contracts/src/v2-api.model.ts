/**
 * HTTP and WebSocket APIs (API Gateway v2, `apigatewayv2`), in the JSON shapes of the AWS management wire protocol
 * (lowerCamelCase members, ISO-8601 timestamps).
 */

export type V2ProtocolType = 'HTTP' | 'WEBSOCKET';
export type V2IntegrationType = 'AWS_PROXY' | 'HTTP_PROXY' | 'HTTP' | 'AWS' | 'MOCK';
export type V2AuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'JWT';

export interface CorsConfiguration {
  allowCredentials?: boolean;
  allowHeaders?: string[];
  allowMethods?: string[];
  allowOrigins?: string[];
  exposeHeaders?: string[];
  maxAge?: number;
}

export interface V2ApiDoc {
  apiId: string;
  name: string;
  protocolType: V2ProtocolType;
  /** HTTP: `${request.method} ${request.path}`; WebSocket e.g. `$request.body.action`. */
  routeSelectionExpression: string;
  apiKeySelectionExpression?: string;
  corsConfiguration?: CorsConfiguration;
  createdDate: string;
  description?: string;
  disableExecuteApiEndpoint?: boolean;
  disableSchemaValidation?: boolean;
  /** Filled in on read: the URL of this API on our gateway. */
  apiEndpoint?: string;
  version?: string;
  tags?: Record<string, string>;
  warnings?: string[];
  importInfo?: string[];
}

export interface V2RouteDoc {
  routeId: string;
  /** `GET /pets/{id}`, `ANY /{proxy+}`, `$default`; WebSocket `$connect`, `$disconnect`, `sendMessage`. */
  routeKey: string;
  /** `integrations/{integrationId}`. */
  target?: string;
  authorizationType?: V2AuthorizationType;
  authorizerId?: string;
  authorizationScopes?: string[];
  apiKeyRequired?: boolean;
  operationName?: string;
  requestModels?: Record<string, string>;
  requestParameters?: Record<string, { required: boolean }>;
  routeResponseSelectionExpression?: string;
  modelSelectionExpression?: string;
  apiGatewayManaged?: boolean;
}

/** `responseParameters` of an HTTP API integration: status code → `overwrite:header.x` style key → value. */
export type V2ResponseParameters = Record<string, Record<string, string>>;

export interface V2IntegrationDoc {
  integrationId: string;
  integrationType: V2IntegrationType;
  integrationUri?: string;
  integrationMethod?: string;
  integrationSubtype?: string;
  /** `1.0` or `2.0`; HTTP APIs default `2.0` for AWS_PROXY, `1.0` for HTTP_PROXY. */
  payloadFormatVersion?: string;
  /** 50..30000 ms for HTTP APIs, default 30000; WebSocket 50..29000. */
  timeoutInMillis?: number;
  connectionType?: 'INTERNET' | 'VPC_LINK';
  connectionId?: string;
  credentialsArn?: string;
  description?: string;
  /** HTTP APIs: `overwrite:header.x` / `append:querystring.y` / `remove:...` / `overwrite:path` → value. */
  requestParameters?: Record<string, string>;
  responseParameters?: V2ResponseParameters;
  requestTemplates?: Record<string, string>;
  templateSelectionExpression?: string;
  passthroughBehavior?: 'WHEN_NO_MATCH' | 'NEVER' | 'WHEN_NO_TEMPLATES';
  contentHandlingStrategy?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT';
  integrationResponseSelectionExpression?: string;
  tlsConfig?: { serverNameToVerify?: string };
  apiGatewayManaged?: boolean;
}

export interface V2AuthorizerDoc {
  authorizerId: string;
  name: string;
  authorizerType: 'JWT' | 'REQUEST';
  /** e.g. `["$request.header.Authorization"]`. */
  identitySource?: string[];
  identityValidationExpression?: string;
  jwtConfiguration?: { audience?: string[]; issuer?: string };
  authorizerUri?: string;
  authorizerCredentialsArn?: string;
  /** `1.0` or `2.0` (HTTP APIs). */
  authorizerPayloadFormatVersion?: string;
  authorizerResultTtlInSeconds?: number;
  enableSimpleResponses?: boolean;
}

export interface V2RouteSettings {
  dataTraceEnabled?: boolean;
  detailedMetricsEnabled?: boolean;
  loggingLevel?: 'ERROR' | 'INFO' | 'OFF';
  throttlingBurstLimit?: number;
  throttlingRateLimit?: number;
}

export interface V2StageDoc {
  stageName: string;
  deploymentId?: string;
  description?: string;
  autoDeploy?: boolean;
  stageVariables?: Record<string, string>;
  defaultRouteSettings?: V2RouteSettings;
  /** Route key → settings. */
  routeSettings?: Record<string, V2RouteSettings>;
  accessLogSettings?: { destinationArn?: string; format?: string };
  clientCertificateId?: string;
  lastDeploymentStatusMessage?: string;
  apiGatewayManaged?: boolean;
  createdDate: string;
  lastUpdatedDate: string;
  tags?: Record<string, string>;
}

export interface V2ModelDoc {
  modelId: string;
  name: string;
  contentType?: string;
  description?: string;
  schema?: string;
}

export interface V2RouteResponseDoc {
  routeResponseId: string;
  routeResponseKey: string;
  modelSelectionExpression?: string;
  responseModels?: Record<string, string>;
}

export interface V2IntegrationResponseDoc {
  integrationResponseId: string;
  integrationResponseKey: string;
  responseTemplates?: Record<string, string>;
  templateSelectionExpression?: string;
  contentHandlingStrategy?: string;
  responseParameters?: Record<string, string>;
}
