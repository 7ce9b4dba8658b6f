import type { AuthorizerRequest } from './identity-source';
import { httpV1AuthorizerEvent, httpV2AuthorizerEvent, restRequestAuthorizerEvent, tokenAuthorizerEvent } from './lambda-authorizer.event';

export function restEventFor(type: 'TOKEN' | 'REQUEST', request: AuthorizerRequest, identities: readonly string[]): unknown {
  return type === 'TOKEN' ? tokenAuthorizerEvent(identities[0], request.methodArn) : restRequestAuthorizerEvent(request);
}

export function httpRequestEventFor(version: '1.0' | '2.0', request: AuthorizerRequest, identities: readonly string[]): unknown {
  return version === '1.0' ? httpV1AuthorizerEvent(request, identities) : httpV2AuthorizerEvent(request, identities);
}
