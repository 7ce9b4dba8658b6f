import type { V2RouteResponseDoc } from '@app/contracts';
import { badRequest } from '../../../common/aws-error';
import { defined, type Fields } from '../../common/fields';
import { readRouteParameters } from '../../routes/dto/route.dto';

export type RouteResponsePatch = Partial<Omit<V2RouteResponseDoc, 'routeResponseId'>> & { responseParameters?: Record<string, { required: boolean }> };

export function readRouteResponsePatch(body: Fields, create: boolean): RouteResponsePatch {
  const patch: RouteResponsePatch = defined({
    routeResponseKey: body.string('routeResponseKey', { required: create }),
    modelSelectionExpression: body.string('modelSelectionExpression'),
    responseModels: body.stringMap('responseModels'),
    responseParameters: readRouteParameters(body, 'responseParameters'),
  });
  // AWS supports only the `$default` route response key.
  if (patch.routeResponseKey !== undefined && patch.routeResponseKey !== '$default') {
    throw badRequest(`Invalid value for 'routeResponseKey': ${patch.routeResponseKey}. Only $default is supported`);
  }
  return patch;
}
