import type { V2IntegrationDoc, V2IntegrationType, V2ProtocolType } from '@app/contracts';
import { AWS_LIMITS } from '@app/contracts';
import { badRequest } from '../../../common/aws-error';
import { defined, type Fields } from '../../common/fields';
import { ROUTE_METHODS } from '../../routes/dto/route-key';
import { validateRequestParameters, validateResponseParameters } from './integration-parameters';

const TYPES: Record<V2ProtocolType, readonly V2IntegrationType[]> = {
  HTTP: ['AWS_PROXY', 'HTTP_PROXY'],
  WEBSOCKET: ['AWS', 'AWS_PROXY', 'HTTP', 'HTTP_PROXY', 'MOCK'],
};
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;
const LAMBDA_INVOCATION_ARN = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;
const LAMBDA_NAME = /^[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;

export type IntegrationPatch = Partial<Omit<V2IntegrationDoc, 'integrationId'>>;

export function readIntegrationPatch(body: Fields, protocolType: V2ProtocolType, create: boolean): IntegrationPatch {
  const patch: IntegrationPatch = defined({
    integrationType: body.oneOf('integrationType', TYPES[protocolType], create),
    integrationUri: body.string('integrationUri', { nonEmpty: true }),
    integrationMethod: body.string('integrationMethod', { nonEmpty: true }),
    integrationSubtype: body.string('integrationSubtype'),
    payloadFormatVersion: body.oneOf('payloadFormatVersion', ['1.0', '2.0'] as const),
    timeoutInMillis: body.integer('timeoutInMillis', timeoutRange(protocolType)),
    connectionType: body.oneOf('connectionType', ['INTERNET', 'VPC_LINK'] as const),
    connectionId: body.string('connectionId'),
    credentialsArn: body.string('credentialsArn'),
    description: body.string('description', { max: 1024 }),
    requestParameters: body.stringMap('requestParameters'),
    requestTemplates: body.stringMap('requestTemplates'),
    templateSelectionExpression: body.string('templateSelectionExpression'),
    passthroughBehavior: body.oneOf('passthroughBehavior', ['WHEN_NO_MATCH', 'NEVER', 'WHEN_NO_TEMPLATES'] as const),
    contentHandlingStrategy: body.oneOf('contentHandlingStrategy', ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'] as const),
    tlsConfig: body.object('tlsConfig') ? defined({ serverNameToVerify: body.object('tlsConfig')!.string('serverNameToVerify') }) : undefined,
  });
  if (body.has('responseParameters')) patch.responseParameters = validateResponseParameters(body.raw('responseParameters'), protocolType);
  if (patch.requestParameters) validateRequestParameters(patch.requestParameters, protocolType);
  if (protocolType === 'HTTP') {
    for (const member of ['requestTemplates', 'templateSelectionExpression', 'passthroughBehavior', 'contentHandlingStrategy'] as const) {
      if (patch[member] !== undefined) throw badRequest(`'${member}' is supported only for WebSocket APIs`);
    }
  }
  if (patch.connectionType === 'VPC_LINK') throw badRequest("connectionType VPC_LINK is not supported by this gateway; use INTERNET");
  return patch;
}

/**
 * Cross-member rules and AWS's defaults, applied to the whole integration after a create or update merged its
 * members: the URI must suit the type, HTTP APIs need a payload format for Lambda, HTTP_PROXY needs a method.
 */
export function completeIntegration(doc: V2IntegrationDoc, protocolType: V2ProtocolType): V2IntegrationDoc {
  const out: V2IntegrationDoc = { ...doc };
  out.timeoutInMillis ??= protocolType === 'HTTP' ? AWS_LIMITS.httpIntegrationTimeoutMs.default : AWS_LIMITS.websocketIntegrationTimeoutMs.default;
  out.connectionType ??= 'INTERNET';
  switch (out.integrationType) {
    case 'AWS_PROXY':
      requireUri(out);
      if (!isLambdaTarget(out.integrationUri!)) {
        throw badRequest(`Invalid value for 'integrationUri': ${out.integrationUri} is not a Lambda function ARN, invocation ARN or function name`);
      }
      if (protocolType === 'HTTP' && !out.payloadFormatVersion) {
        throw badRequest("Missing required member 'payloadFormatVersion': HTTP APIs need 1.0 or 2.0 for AWS_PROXY integrations");
      }
      if (protocolType === 'WEBSOCKET' && out.payloadFormatVersion && out.payloadFormatVersion !== '1.0') {
        throw badRequest("Invalid value for 'payloadFormatVersion': WebSocket APIs support only 1.0");
      }
      out.payloadFormatVersion ??= '1.0';
      break;
    case 'HTTP_PROXY':
    case 'HTTP':
      requireUri(out);
      if (!isHttpUrl(out.integrationUri!)) throw badRequest(`Invalid value for 'integrationUri': ${out.integrationUri} is not an http(s) URL`);
      if (!out.integrationMethod) throw badRequest(`Missing required member 'integrationMethod' for ${out.integrationType} integrations`);
      if (!ROUTE_METHODS.includes(out.integrationMethod)) {
        throw badRequest(`Invalid value for 'integrationMethod': ${out.integrationMethod}. Valid values are ${ROUTE_METHODS.join(', ')}`);
      }
      if (out.payloadFormatVersion && out.payloadFormatVersion !== '1.0') {
        throw badRequest(`Invalid value for 'payloadFormatVersion': ${out.integrationType} integrations support only 1.0`);
      }
      out.payloadFormatVersion = '1.0';
      break;
    case 'AWS':
      requireUri(out);
      break;
    case 'MOCK':
      break;
  }
  if (out.integrationSubtype) throw badRequest("'integrationSubtype' (AWS service integrations) is not supported by this gateway");
  if (protocolType === 'WEBSOCKET') out.passthroughBehavior ??= out.integrationType === 'AWS_PROXY' || out.integrationType === 'HTTP_PROXY' ? undefined : 'WHEN_NO_MATCH';
  if (out.passthroughBehavior === undefined) delete out.passthroughBehavior;
  return out;
}

export function isLambdaTarget(uri: string): boolean {
  const invocation = LAMBDA_INVOCATION_ARN.exec(uri);
  return LAMBDA_ARN.test(uri) || LAMBDA_NAME.test(uri) || (!!invocation && LAMBDA_ARN.test(invocation[1]));
}

export function isLambdaArn(uri: string): boolean {
  return LAMBDA_ARN.test(uri);
}

export function isHttpUrl(uri: string): boolean {
  try {
    const url = new URL(uri);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function requireUri(doc: V2IntegrationDoc): void {
  if (!doc.integrationUri) throw badRequest(`Missing required member 'integrationUri' for ${doc.integrationType} integrations`);
}

function timeoutRange(protocolType: V2ProtocolType) {
  const limits = protocolType === 'HTTP' ? AWS_LIMITS.httpIntegrationTimeoutMs : AWS_LIMITS.websocketIntegrationTimeoutMs;
  return { min: limits.min, max: limits.max };
}
