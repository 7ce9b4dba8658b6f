import type { V2ApiDoc, V2ProtocolType } from '@app/contracts';
import { badRequest } from '../../../common/aws-error';
import { defined, type Fields } from '../../common/fields';
import { readCors } from './cors.dto';
import { checkTags } from '../../../common/tag-limits';

/** The only route selection expression HTTP APIs accept (and their default). */
export const HTTP_ROUTE_SELECTION_EXPRESSION = '${request.method} ${request.path}';
/** AWS also accepts (and its importer writes) the unbraced form. */
const HTTP_ROUTE_SELECTION_EXPRESSIONS = [HTTP_ROUTE_SELECTION_EXPRESSION, '$request.method $request.path'];
export const DEFAULT_API_KEY_SELECTION_EXPRESSION = '$request.header.x-api-key';
const API_KEY_SELECTION_EXPRESSIONS = [DEFAULT_API_KEY_SELECTION_EXPRESSION, '$context.authorizer.usageIdentifierKey'];

/** Quick create (HTTP APIs): one route to one integration, served by an auto-deployed `$default` stage. */
export interface QuickCreateInput {
  target?: string;
  routeKey?: string;
  credentialsArn?: string;
}

export type ApiPatch = Partial<Omit<V2ApiDoc, 'apiId' | 'createdDate' | 'protocolType'>>;

export function readCreateApi(body: Fields): { protocolType: V2ProtocolType; patch: ApiPatch; quick: QuickCreateInput; tags?: Record<string, string> } {
  const protocolType = body.oneOf('protocolType', ['HTTP', 'WEBSOCKET'] as const, true)!;
  const patch = readApiPatch(body, protocolType);
  if (patch.name === undefined) body.string('name', { required: true });
  return { protocolType, patch, quick: readQuickCreate(body, protocolType), tags: checkTags(body.stringMap('tags')) };
}

/** Members shared by CreateApi and UpdateApi; only those present are returned. */
export function readApiPatch(body: Fields, protocolType: V2ProtocolType): ApiPatch {
  const cors = body.object('corsConfiguration');
  if (cors && protocolType !== 'HTTP') throw badRequest('CORS configuration is supported only for HTTP APIs');
  const patch: ApiPatch = defined({
    name: body.string('name', { nonEmpty: true, max: 128 }),
    description: body.string('description', { max: 1024 }),
    version: body.string('version', { max: 64 }),
    disableExecuteApiEndpoint: body.boolean('disableExecuteApiEndpoint'),
    disableSchemaValidation: body.boolean('disableSchemaValidation'),
    apiKeySelectionExpression: body.string('apiKeySelectionExpression'),
    routeSelectionExpression: body.string('routeSelectionExpression', { nonEmpty: true }),
    corsConfiguration: cors ? readCors(cors) : undefined,
  });
  if (patch.apiKeySelectionExpression !== undefined && !API_KEY_SELECTION_EXPRESSIONS.includes(patch.apiKeySelectionExpression)) {
    throw badRequest(
      `Invalid value for 'apiKeySelectionExpression': ${patch.apiKeySelectionExpression}. Valid values are ${API_KEY_SELECTION_EXPRESSIONS.join(', ')}`,
    );
  }
  if (patch.routeSelectionExpression !== undefined) validateRouteSelection(patch.routeSelectionExpression, protocolType);
  return patch;
}

export function readQuickCreate(body: Fields, protocolType: V2ProtocolType): QuickCreateInput {
  const quick = defined({
    target: body.string('target', { nonEmpty: true }),
    routeKey: body.string('routeKey', { nonEmpty: true }),
    credentialsArn: body.string('credentialsArn', { nonEmpty: true }),
  });
  if (Object.keys(quick).length > 0 && protocolType !== 'HTTP') {
    throw badRequest('Quick create (target, routeKey, credentialsArn) is supported only for HTTP APIs');
  }
  return quick;
}

function validateRouteSelection(expression: string, protocolType: V2ProtocolType): void {
  if (protocolType === 'HTTP') {
    if (!HTTP_ROUTE_SELECTION_EXPRESSIONS.includes(expression)) {
      throw badRequest(`Invalid value for 'routeSelectionExpression': HTTP APIs support only ${HTTP_ROUTE_SELECTION_EXPRESSION}`);
    }
    return;
  }
  // WebSocket: a selection expression over the message body, `$request.body.action` or `${request.body.action}`.
  if (!/^(\$request\.body\.[A-Za-z0-9_$.-]+|\$\{request\.body\.[A-Za-z0-9_$.-]+\})$/.test(expression)) {
    throw badRequest(`Invalid value for 'routeSelectionExpression': ${expression} must select from the message body, e.g. $request.body.action`);
  }
}
