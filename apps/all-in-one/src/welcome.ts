import type { RestApiDoc, V2ApiDoc } from '@app/contracts';
import { apiEndpoint, pathFormEndpoint, websocketApiEndpoint, type Runtime } from '@app/platform';

/** Prints every URL a user needs after `npm start`: management, each API's invoke URLs, health. */
export async function printWelcome(runtime: Runtime, startupMs: number): Promise<void> {
  const { config } = runtime;
  const local = (port: number) => `http://localhost:${port}`;
  const lines = [
    '',
    `API Gateway (all-in-one, ${config.mode} mode) ready in ${startupMs} ms`,
    '',
    `  Management API   ${local(config.ports.controlPlane)}   (aws --endpoint-url ${local(config.ports.controlPlane)} apigatewayv2 get-apis)`,
    `  Gateway          ${local(config.ports.gateway)}`,
    `  WebSocket node   ${local(config.ports.ws).replace('http', 'ws')}`,
    `  Health           ${local(config.ports.gateway)}/health/ready`,
    '',
  ];
  const apis = await runtime.store.apis.listAll();
  for (const api of apis) {
    const stages = await runtime.store.stages.listForApi(api.id);
    lines.push(`  ${api.protocolType} API "${api.name}" (${api.id})`);
    for (const stage of stages) {
      const prefix = stage.stageName === '$default' ? '' : `/${stage.stageName}`;
      if (api.protocolType === 'WEBSOCKET') {
        lines.push(`    ${websocketApiEndpoint(config, api.id)}${prefix}`);
        continue;
      }
      lines.push(`    ${apiEndpoint(config, api.id)}${prefix}`, `    ${pathFormEndpoint(config, api.id)}${prefix}   (path form)`);
      for (const route of await exampleRoutes(runtime, api.id, api.doc)) lines.push(`      ${route}`);
    }
  }
  if (apis.length === 0) lines.push('  No APIs yet: create one with the AWS CLI or SDK against the management API.');
  lines.push('', 'Ctrl-C stops everything.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

async function exampleRoutes(runtime: Runtime, apiId: string, doc: RestApiDoc | V2ApiDoc): Promise<string[]> {
  if ('protocolType' in doc) {
    const routes = await runtime.store.components.list<{ routeKey: string }>(apiId, 'route');
    return routes.map((r) => r.routeKey);
  }
  const resources = await runtime.store.components.list<{ path: string; resourceMethods?: Record<string, unknown> }>(apiId, 'resource');
  return resources.flatMap((r) => Object.keys(r.resourceMethods ?? {}).map((m) => `${m} ${r.path}`));
}
