import type { V2AuthorizerDoc, V2ProtocolType } from '@app/contracts';
import { AWS_LIMITS } from '@app/contracts';
import { badRequest } from '../../../common/aws-error';
import { defined, type Fields } from '../../common/fields';
import { isLambdaTarget } from '../../integrations/dto/integration.dto';

export type AuthorizerPatch = Partial<Omit<V2AuthorizerDoc, 'authorizerId'>>;

const JWT_SOURCE = /^\$request\.(header|querystring)\.[^\s]+$/;
const HTTP_REQUEST_SOURCE = /^\$(request\.(header|querystring)|context|stageVariables)\.[^\s]+$/;
const WS_REQUEST_SOURCE = /^(route\.request\.(header|querystring)|context|stageVariables)\.[^\s]+$/;

export function readAuthorizerPatch(body: Fields, create: boolean): AuthorizerPatch {
  const jwt = body.object('jwtConfiguration');
  return defined({
    name: body.string('name', { required: create, max: 128 }),
    authorizerType: body.oneOf('authorizerType', ['JWT', 'REQUEST'] as const, create),
    identitySource: body.stringArray('identitySource'),
    identityValidationExpression: body.string('identityValidationExpression'),
    jwtConfiguration: jwt ? defined({ issuer: jwt.string('issuer', { nonEmpty: true }), audience: jwt.stringArray('audience') }) : undefined,
    authorizerUri: body.string('authorizerUri', { nonEmpty: true }),
    authorizerCredentialsArn: body.string('authorizerCredentialsArn'),
    authorizerPayloadFormatVersion: body.oneOf('authorizerPayloadFormatVersion', ['1.0', '2.0'] as const),
    authorizerResultTtlInSeconds: body.integer('authorizerResultTtlInSeconds', { min: 0, max: AWS_LIMITS.authorizerCacheTtlSeconds.max }),
    enableSimpleResponses: body.boolean('enableSimpleResponses'),
  });
}

/** Rules across members, applied to the whole authorizer after create/update merged it. */
export function completeAuthorizer(doc: V2AuthorizerDoc, protocolType: V2ProtocolType): V2AuthorizerDoc {
  const out = { ...doc };
  if (out.authorizerType === 'JWT') {
    if (protocolType !== 'HTTP') throw badRequest('JWT authorizers are supported only for HTTP APIs');
    if (!out.jwtConfiguration?.issuer) throw badRequest("Missing required member 'jwtConfiguration.issuer' for JWT authorizers");
    if (!out.jwtConfiguration.audience?.length) throw badRequest("Missing required member 'jwtConfiguration.audience' for JWT authorizers");
    try {
      new URL(out.jwtConfiguration.issuer);
    } catch {
      throw badRequest(`Invalid value for 'jwtConfiguration.issuer': ${out.jwtConfiguration.issuer} is not a URL`);
    }
    if (out.identitySource?.length !== 1 || !JWT_SOURCE.test(out.identitySource[0])) {
      throw badRequest("Invalid value for 'identitySource': JWT authorizers need exactly one $request.header.{name} or $request.querystring.{name}");
    }
    for (const member of ['authorizerUri', 'authorizerPayloadFormatVersion', 'enableSimpleResponses', 'authorizerResultTtlInSeconds'] as const) {
      if (out[member] !== undefined) throw badRequest(`'${member}' applies only to REQUEST authorizers`);
    }
    return out;
  }
  if (out.jwtConfiguration) throw badRequest("'jwtConfiguration' applies only to JWT authorizers");
  if (!out.authorizerUri) throw badRequest("Missing required member 'authorizerUri' for REQUEST authorizers");
  if (!isLambdaTarget(out.authorizerUri)) throw badRequest(`Invalid value for 'authorizerUri': ${out.authorizerUri} is not a Lambda function invocation ARN`);
  const sourcePattern = protocolType === 'HTTP' ? HTTP_REQUEST_SOURCE : WS_REQUEST_SOURCE;
  for (const source of out.identitySource ?? []) {
    if (!sourcePattern.test(source)) throw badRequest(`Invalid value in 'identitySource': ${source}`);
  }
  if (protocolType === 'HTTP') {
    if (!out.authorizerPayloadFormatVersion) throw badRequest("Missing required member 'authorizerPayloadFormatVersion' (1.0 or 2.0) for REQUEST authorizers of HTTP APIs");
    if (out.enableSimpleResponses && out.authorizerPayloadFormatVersion !== '2.0') {
      throw badRequest("'enableSimpleResponses' can be true only when authorizerPayloadFormatVersion is 2.0");
    }
    out.authorizerResultTtlInSeconds ??= 0;
    if (out.authorizerResultTtlInSeconds > 0 && !out.identitySource?.length) {
      throw badRequest("Missing required member 'identitySource': caching (authorizerResultTtlInSeconds > 0) keys results by identity sources");
    }
  } else if (out.authorizerPayloadFormatVersion || out.enableSimpleResponses !== undefined) {
    throw badRequest("'authorizerPayloadFormatVersion' and 'enableSimpleResponses' are supported only for HTTP APIs");
  }
  return out;
}
