import type {
  RestApiDoc,
  RestAuthorizerDoc,
  RestGatewayResponseDoc,
  RestModelDoc,
  RestRequestValidatorDoc,
  RestResourceDoc,
  RestStageDoc,
} from './rest-api.model';
import type {
  V2ApiDoc,
  V2AuthorizerDoc,
  V2IntegrationDoc,
  V2IntegrationResponseDoc,
  V2ModelDoc,
  V2RouteDoc,
  V2RouteResponseDoc,
  V2StageDoc,
} from './v2-api.model';

/**
 * A deployment snapshot is the immutable definition of an API frozen at CreateDeployment time. Gateway nodes
 * compile it (with the stage that points at it) into a router and per-route pipelines; nothing else is read on the
 * request path. Bump SNAPSHOT_FORMAT_VERSION on any incompatible change so old nodes refuse rather than misread.
 */
export const SNAPSHOT_FORMAT_VERSION = 1;

export interface RestDefinition {
  protocolType: 'REST';
  api: RestApiDoc;
  resources: RestResourceDoc[];
  authorizers: RestAuthorizerDoc[];
  models: RestModelDoc[];
  requestValidators: RestRequestValidatorDoc[];
  /** Only the responses the API customised; defaults come from the pipeline's table. */
  gatewayResponses: RestGatewayResponseDoc[];
}

export interface V2Definition {
  protocolType: 'HTTP' | 'WEBSOCKET';
  api: V2ApiDoc;
  routes: V2RouteDoc[];
  integrations: V2IntegrationDoc[];
  authorizers: V2AuthorizerDoc[];
  models: V2ModelDoc[];
  /** Keyed by routeId. */
  routeResponses: Record<string, V2RouteResponseDoc[]>;
  /** Keyed by integrationId. */
  integrationResponses: Record<string, V2IntegrationResponseDoc[]>;
}

export type ApiDefinition = RestDefinition | V2Definition;

export interface DeploymentSnapshot {
  formatVersion: number;
  apiId: string;
  deploymentId: string;
  /** ISO-8601. */
  createdDate: string;
  description?: string;
  definition: ApiDefinition;
}

/** What a gateway node serves for one stage: the stage's live settings plus the deployment it points at. */
export type ActiveStage =
  | { apiId: string; protocolType: 'REST'; stage: RestStageDoc; snapshot: DeploymentSnapshot & { definition: RestDefinition } }
  | {
      apiId: string;
      protocolType: 'HTTP' | 'WEBSOCKET';
      stage: V2StageDoc;
      snapshot: DeploymentSnapshot & { definition: V2Definition };
    };
