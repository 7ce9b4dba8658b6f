import { Injectable } from '@nestjs/common';
import { AWS_LIMITS } from '@app/contracts';
import type { RestIntegrationDoc, RestIntegrationResponseDoc, RestIntegrationType, RestMethodDoc, RestResourceDoc } from '@app/contracts';
import { notFound } from '../../common/aws-error';
import { applyPatchOperations } from '../../common/patch-operations';
import { compact, Input } from '../shared/input';
import { checkStatusCode, requireIntegration, requireMethod } from '../shared/method.lookup';
import { RestApiLookup } from '../shared/rest-api.lookup';
import { INTEGRATION_PATCH, INTEGRATION_RESPONSE_PATCH } from './integration.rules';
import { checkIntegration, checkIntegrationResponse } from './integration.validator';

const TYPES: readonly RestIntegrationType[] = ['MOCK', 'HTTP', 'HTTP_PROXY', 'AWS', 'AWS_PROXY'];
const CONTENT_HANDLING = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'] as const;

/** PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration and the integration responses nested in them. */
@Injectable()
export class IntegrationsService {
  constructor(private readonly lookup: RestApiLookup) {}

  async put(apiId: string, resourceId: string, httpMethod: string, body: Record<string, unknown>): Promise<RestIntegrationDoc> {
    const resource = await this.lookup.resource(apiId, resourceId);
    const method = requireMethod(resource, httpMethod);
    const input = new Input(body);
    const tls = input.object('tlsConfig');
    const integration = compact<RestIntegrationDoc>({
      type: input.oneOf('type', TYPES, true),
      httpMethod: input.string('httpMethod'),
      uri: input.string('uri'),
      connectionType: input.oneOf('connectionType', ['INTERNET', 'VPC_LINK']),
      connectionId: input.string('connectionId'),
      credentials: input.string('credentials'),
      requestParameters: input.stringMap('requestParameters'),
      requestTemplates: input.stringMap('requestTemplates'),
      passthroughBehavior: input.oneOf('passthroughBehavior', ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER']) ?? 'WHEN_NO_MATCH',
      contentHandling: input.oneOf('contentHandling', CONTENT_HANDLING),
      timeoutInMillis: input.integer('timeoutInMillis') ?? AWS_LIMITS.restIntegrationTimeoutMs.default,
      cacheNamespace: input.string('cacheNamespace') ?? resourceId,
      cacheKeyParameters: input.stringList('cacheKeyParameters') ?? [],
      tlsConfig: tls ? compact({ insecureSkipVerification: tls.boolean('insecureSkipVerification') }) : undefined,
      // Re-putting an integration keeps the responses already defined on it.
      integrationResponses: method.methodIntegration?.integrationResponses,
    });
    if (integration.type === 'MOCK') delete integration.httpMethod;
    checkIntegration(integration, method);
    await this.save(apiId, resource, method, integration);
    return integration;
  }

  async get(apiId: string, resourceId: string, httpMethod: string): Promise<RestIntegrationDoc> {
    return requireIntegration(requireMethod(await this.lookup.resource(apiId, resourceId), httpMethod));
  }

  async update(apiId: string, resourceId: string, httpMethod: string, body: Record<string, unknown>): Promise<RestIntegrationDoc> {
    const resource = await this.lookup.resource(apiId, resourceId);
    const method = requireMethod(resource, httpMethod);
    const integration = applyPatchOperations(requireIntegration(method), body.patchOperations, INTEGRATION_PATCH);
    checkIntegration(integration, method);
    await this.save(apiId, resource, method, integration);
    return integration;
  }

  async delete(apiId: string, resourceId: string, httpMethod: string): Promise<void> {
    const resource = await this.lookup.resource(apiId, resourceId);
    const method = requireMethod(resource, httpMethod);
    requireIntegration(method);
    await this.save(apiId, resource, method, undefined);
  }

  async putResponse(apiId: string, resourceId: string, httpMethod: string, statusCode: string, body: Record<string, unknown>) {
    checkStatusCode(statusCode);
    const resource = await this.lookup.resource(apiId, resourceId);
    const method = requireMethod(resource, httpMethod);
    const integration = requireIntegration(method);
    const input = new Input(body);
    const response = compact<RestIntegrationResponseDoc>({
      statusCode,
      selectionPattern: input.string('selectionPattern'),
      responseParameters: input.stringMap('responseParameters'),
      responseTemplates: input.stringMap('responseTemplates'),
      contentHandling: input.oneOf('contentHandling', CONTENT_HANDLING),
    });
    checkIntegrationResponse(response, method);
    await this.saveResponse(apiId, resource, method, integration, response);
    return response;
  }

  async getResponse(apiId: string, resourceId: string, httpMethod: string, statusCode: string) {
    const method = requireMethod(await this.lookup.resource(apiId, resourceId), httpMethod);
    return requireResponse(requireIntegration(method), statusCode);
  }

  async updateResponse(apiId: string, resourceId: string, httpMethod: string, statusCode: string, body: Record<string, unknown>) {
    const resource = await this.lookup.resource(apiId, resourceId);
    const method = requireMethod(resource, httpMethod);
    const integration = requireIntegration(method);
    const response = applyPatchOperations(requireResponse(integration, statusCode), body.patchOperations, INTEGRATION_RESPONSE_PATCH);
    checkIntegrationResponse(response, method);
    await this.saveResponse(apiId, resource, method, integration, response);
    return response;
  }

  async deleteResponse(apiId: string, resourceId: string, httpMethod: string, statusCode: string): Promise<void> {
    const resource = await this.lookup.resource(apiId, resourceId);
    const method = requireMethod(resource, httpMethod);
    const integration = requireIntegration(method);
    requireResponse(integration, statusCode);
    const { [statusCode]: _deleted, ...rest } = integration.integrationResponses!;
    await this.save(apiId, resource, method, { ...integration, integrationResponses: rest });
  }

  private async save(apiId: string, resource: RestResourceDoc, method: RestMethodDoc, integration: RestIntegrationDoc | undefined) {
    const updated = compact({ ...method, methodIntegration: integration });
    await this.lookup.saveResource(apiId, { ...resource, resourceMethods: { ...resource.resourceMethods, [method.httpMethod]: updated } });
  }

  private async saveResponse(
    apiId: string,
    resource: RestResourceDoc,
    method: RestMethodDoc,
    integration: RestIntegrationDoc,
    response: RestIntegrationResponseDoc,
  ) {
    const integrationResponses = { ...integration.integrationResponses, [response.statusCode]: response };
    await this.save(apiId, resource, method, { ...integration, integrationResponses });
  }
}

function requireResponse(integration: RestIntegrationDoc, statusCode: string): RestIntegrationResponseDoc {
  const response = integration.integrationResponses?.[statusCode];
  if (!response) throw notFound('Invalid Response status code specified');
  return response;
}
