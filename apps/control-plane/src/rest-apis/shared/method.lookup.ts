import type { RestIntegrationDoc, RestMethodDoc, RestResourceDoc } from '@app/contracts';
import { notFound } from '../../common/aws-error';

export function requireMethod(resource: RestResourceDoc, httpMethod: string): RestMethodDoc {
  const method = resource.resourceMethods?.[httpMethod];
  if (!method) throw notFound('Invalid Method identifier specified');
  return method;
}

export function requireIntegration(method: RestMethodDoc): RestIntegrationDoc {
  if (!method.methodIntegration) throw notFound('Invalid Integration identifier specified');
  return method.methodIntegration;
}

/** `200`..`599`: the status codes method and integration responses are keyed by. */
export function checkStatusCode(statusCode: string): void {
  if (!/^[1-5]\d\d$/.test(statusCode)) throw notFound('Invalid Response status code specified');
}
