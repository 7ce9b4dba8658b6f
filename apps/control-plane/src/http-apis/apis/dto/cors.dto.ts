import type { CorsConfiguration } from '@app/contracts';
import { badRequest } from '../../../common/aws-error';
import type { Fields } from '../../common/fields';

const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*'];

/** `corsConfiguration` of an HTTP API, refused with the member's path when AWS would refuse it. */
export function readCors(cors: Fields): CorsConfiguration {
  const config: CorsConfiguration = {};
  const allowCredentials = cors.boolean('allowCredentials');
  const allowHeaders = cors.stringArray('allowHeaders');
  const allowMethods = cors.stringArray('allowMethods');
  const allowOrigins = cors.stringArray('allowOrigins');
  const exposeHeaders = cors.stringArray('exposeHeaders');
  // AWS: -1 disables caching of preflight results; at most one day.
  const maxAge = cors.integer('maxAge', { min: -1, max: 86_400 });
  for (const method of allowMethods ?? []) {
    if (!CORS_METHODS.includes(method.toUpperCase())) {
      throw badRequest(`Invalid value for '${cors.path('allowMethods')}': ${method} is not an HTTP method`);
    }
  }
  for (const origin of allowOrigins ?? []) {
    if (origin !== '*' && !/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(origin)) {
      throw badRequest(`Invalid value for '${cors.path('allowOrigins')}': ${origin} must be '*' or scheme://host[:port]`);
    }
  }
  if (allowCredentials && allowOrigins?.includes('*')) {
    throw badRequest(`Invalid CORS configuration: allowCredentials cannot be true when allowOrigins includes '*'`);
  }
  if (allowCredentials !== undefined) config.allowCredentials = allowCredentials;
  if (allowHeaders) config.allowHeaders = allowHeaders;
  if (allowMethods) config.allowMethods = allowMethods;
  if (allowOrigins) config.allowOrigins = allowOrigins;
  if (exposeHeaders) config.exposeHeaders = exposeHeaders;
  if (maxAge !== undefined) config.maxAge = maxAge;
  return config;
}
