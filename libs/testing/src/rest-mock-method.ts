import {
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  type APIGatewayClient,
  type PutMethodCommandInput,
} from '@aws-sdk/client-api-gateway';

export interface RestMethodAddress {
  restApiId: string;
  resourceId: string;
  httpMethod: string;
}

/**
 * Makes `method` of a REST API answer 200 from a MOCK integration, with `responseTemplate` as the
 * application/json body: PutMethod (authorization NONE unless `settings` say otherwise), PutIntegration,
 * PutMethodResponse and PutIntegrationResponse, the four calls the console makes.
 */
export async function putMockMethod(
  client: APIGatewayClient,
  method: RestMethodAddress,
  responseTemplate: string,
  settings: Partial<PutMethodCommandInput> = {},
): Promise<void> {
  await client.send(new PutMethodCommand({ ...method, authorizationType: 'NONE', ...settings }));
  await client.send(new PutIntegrationCommand({ ...method, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await client.send(new PutMethodResponseCommand({ ...method, statusCode: '200' }));
  await client.send(new PutIntegrationResponseCommand({ ...method, statusCode: '200', responseTemplates: { 'application/json': responseTemplate } }));
}
