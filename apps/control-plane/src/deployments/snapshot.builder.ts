import type {
  ApiDefinition,
  DeploymentSnapshot,
  RestApiDoc,
  RestAuthorizerDoc,
  RestGatewayResponseDoc,
  RestModelDoc,
  RestRequestValidatorDoc,
  RestResourceDoc,
  V2ApiDoc,
  V2AuthorizerDoc,
  V2IntegrationDoc,
  V2IntegrationResponseDoc,
  V2ModelDoc,
  V2RouteDoc,
  V2RouteResponseDoc,
} from '@app/contracts';
import { SNAPSHOT_FORMAT_VERSION } from '@app/contracts';
import type { ApiEntity, Store } from '@app/store';

/** Freezes an API's current definition into an immutable deployment snapshot. */
export class SnapshotBuilder {
  constructor(private readonly store: Store) {}

  async build(api: ApiEntity, deploymentId: string, createdDate: string, description?: string): Promise<DeploymentSnapshot> {
    return {
      formatVersion: SNAPSHOT_FORMAT_VERSION,
      apiId: api.id,
      deploymentId,
      createdDate,
      description,
      definition: await this.definition(api),
    };
  }

  private async definition(api: ApiEntity): Promise<ApiDefinition> {
    const c = this.store.components;
    if (api.protocolType === 'REST') {
      return {
        protocolType: 'REST',
        api: api.doc as RestApiDoc,
        resources: await c.list<RestResourceDoc>(api.id, 'resource'),
        authorizers: await c.list<RestAuthorizerDoc>(api.id, 'authorizer'),
        models: await c.list<RestModelDoc>(api.id, 'model'),
        requestValidators: await c.list<RestRequestValidatorDoc>(api.id, 'requestValidator'),
        gatewayResponses: await c.list<RestGatewayResponseDoc>(api.id, 'gatewayResponse'),
      };
    }
    const routeResponses: Record<string, V2RouteResponseDoc[]> = {};
    const integrationResponses: Record<string, V2IntegrationResponseDoc[]> = {};
    const routes = await c.list<V2RouteDoc>(api.id, 'route');
    const integrations = await c.list<V2IntegrationDoc>(api.id, 'integration');
    for (const route of routes) {
      const responses = await c.list<V2RouteResponseDoc>(api.id, 'routeResponse', route.routeId);
      if (responses.length) routeResponses[route.routeId] = responses;
    }
    for (const integration of integrations) {
      const responses = await c.list<V2IntegrationResponseDoc>(api.id, 'integrationResponse', integration.integrationId);
      if (responses.length) integrationResponses[integration.integrationId] = responses;
    }
    return {
      protocolType: api.protocolType as 'HTTP' | 'WEBSOCKET',
      api: api.doc as V2ApiDoc,
      routes,
      integrations,
      authorizers: await c.list<V2AuthorizerDoc>(api.id, 'authorizer'),
      models: await c.list<V2ModelDoc>(api.id, 'model'),
      routeResponses,
      integrationResponses,
    };
  }
}
