import type { V2ProtocolType, V2RouteSettings, V2StageDoc } from '@app/contracts';
import { badRequest } from '../../../common/aws-error';
import { defined, type Fields } from '../../common/fields';
import { checkTags } from '../../../common/tag-limits';

export type StagePatch = Partial<Omit<V2StageDoc, 'createdDate' | 'lastUpdatedDate'>>;

export function readStagePatch(body: Fields, protocolType: V2ProtocolType, create: boolean): StagePatch {
  const defaults = body.object('defaultRouteSettings');
  const perRoute = body.objectMap('routeSettings');
  const accessLog = body.object('accessLogSettings');
  const patch: StagePatch = defined({
    stageName: create ? body.string('stageName', { required: true }) : undefined,
    deploymentId: body.string('deploymentId', { nonEmpty: true }),
    description: body.string('description', { max: 1024 }),
    autoDeploy: body.boolean('autoDeploy'),
    clientCertificateId: body.string('clientCertificateId'),
    stageVariables: body.stringMap('stageVariables'),
    defaultRouteSettings: defaults ? readRouteSettings(defaults, protocolType) : undefined,
    routeSettings: perRoute ? mapValues(perRoute, (f) => readRouteSettings(f, protocolType)) : undefined,
    accessLogSettings: accessLog ? readAccessLog(accessLog) : undefined,
    tags: create ? checkTags(body.stringMap('tags')) : undefined,
  });
  if (patch.stageName !== undefined) validateStageName(patch.stageName, protocolType);
  if (patch.autoDeploy !== undefined && protocolType !== 'HTTP') throw badRequest("'autoDeploy' is supported only for HTTP APIs");
  for (const [name, value] of Object.entries(patch.stageVariables ?? {})) {
    if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) throw badRequest(`Invalid stage variable name '${name}': use letters, digits and underscores`);
    if (!/^[A-Za-z0-9\-._~:/?#&=,]{0,512}$/.test(value)) throw badRequest(`Invalid value for stage variable '${name}': allowed characters are A-Z a-z 0-9 - . _ ~ : / ? # & = ,`);
  }
  return patch;
}

function validateStageName(name: string, protocolType: V2ProtocolType): void {
  if (name === '$default') {
    if (protocolType !== 'HTTP') throw badRequest('The $default stage is supported only for HTTP APIs');
    return;
  }
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(name)) throw badRequest(`Invalid value for 'stageName': ${name} may contain only letters, digits, hyphens and underscores`);
}

function readRouteSettings(f: Fields, protocolType: V2ProtocolType): V2RouteSettings {
  const settings: V2RouteSettings = defined({
    dataTraceEnabled: f.boolean('dataTraceEnabled'),
    detailedMetricsEnabled: f.boolean('detailedMetricsEnabled'),
    loggingLevel: f.oneOf('loggingLevel', ['ERROR', 'INFO', 'OFF'] as const),
    throttlingBurstLimit: f.integer('throttlingBurstLimit', { min: 0, max: 2_147_483_647 }),
    throttlingRateLimit: f.number('throttlingRateLimit', { min: 0, max: Number.MAX_SAFE_INTEGER }),
  });
  if (protocolType === 'HTTP' && (settings.dataTraceEnabled !== undefined || settings.loggingLevel !== undefined)) {
    throw badRequest(`'${f.path('dataTraceEnabled')}' and 'loggingLevel' are supported only for WebSocket APIs`);
  }
  return settings;
}

function readAccessLog(f: Fields): { destinationArn?: string; format?: string } {
  const settings = defined({ destinationArn: f.string('destinationArn', { nonEmpty: true }), format: f.string('format', { nonEmpty: true }) });
  if (settings.destinationArn && !settings.format) throw badRequest("Missing required member 'accessLogSettings.format' when destinationArn is set");
  if (settings.format && !/\$context\.(requestId|extendedRequestId)\b/.test(settings.format)) {
    throw badRequest("Invalid value for 'accessLogSettings.format': it must include $context.requestId or $context.extendedRequestId");
  }
  return settings;
}

function mapValues<A, B>(record: Record<string, A>, fn: (a: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}
