import type { V2IntegrationDoc, V2RouteDoc, V2StageDoc } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import { badRequest } from '../../common/aws-error';
import { isHttpUrl, isLambdaArn } from '../integrations/dto/integration.dto';
import { validateRouteKey } from '../routes/dto/route-key';
import type { QuickCreateInput } from './dto/api.dto';

/**
 * The integration quick create makes for a target, with AWS's defaults: a Lambda function ARN becomes AWS_PROXY
 * with payload 2.0; an http(s) URL becomes HTTP_PROXY with method ANY and payload 1.0.
 */
export function quickIntegration(target: string, credentialsArn: string | undefined, integrationId = newResourceId(7)): V2IntegrationDoc {
  const common = { integrationId, connectionType: 'INTERNET' as const, timeoutInMillis: 30_000, apiGatewayManaged: true, ...(credentialsArn ? { credentialsArn } : {}) };
  if (isLambdaArn(target)) return { ...common, integrationType: 'AWS_PROXY', integrationUri: target, payloadFormatVersion: '2.0' };
  if (isHttpUrl(target)) return { ...common, integrationType: 'HTTP_PROXY', integrationUri: target, integrationMethod: 'ANY', payloadFormatVersion: '1.0' };
  throw badRequest(`Invalid value for 'target': ${target} must be a Lambda function ARN or an http(s) URL`);
}

export interface QuickCreation {
  integration: V2IntegrationDoc;
  route: V2RouteDoc;
  stage: V2StageDoc;
}

/** Everything quick create adds, validated before anything is saved. */
export function quickCreation(input: QuickCreateInput, now: string): QuickCreation | undefined {
  if (!input.target) {
    if (input.routeKey || input.credentialsArn) throw badRequest("'routeKey' and 'credentialsArn' are part of quick create and need 'target'");
    return undefined;
  }
  const routeKey = input.routeKey ?? '$default';
  validateRouteKey(routeKey, 'HTTP');
  const integration = quickIntegration(input.target, input.credentialsArn);
  return {
    integration,
    route: {
      routeId: newResourceId(7),
      routeKey,
      target: `integrations/${integration.integrationId}`,
      authorizationType: 'NONE',
      apiKeyRequired: false,
      apiGatewayManaged: true,
    },
    stage: {
      stageName: '$default',
      autoDeploy: true,
      apiGatewayManaged: true,
      defaultRouteSettings: { detailedMetricsEnabled: false },
      routeSettings: {},
      stageVariables: {},
      createdDate: now,
      lastUpdatedDate: now,
    },
  };
}
