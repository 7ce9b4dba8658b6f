import { request } from 'undici';
import type { ActiveStage, RestMethodDoc, RestModelDoc, RestRequestValidatorDoc, RestGatewayResponseDoc } from '@app/contracts';
import { StageRegistry } from '../registry/stage.registry';
import { restDataPlaneOptions } from '../rest/rest-data-plane';
import { RecordingInvoker, restActiveStage, success } from './active-stage.factory';
import { serveGateway } from './gateway-server';

/** A REST method for specs: everything of RestMethodDoc but the boilerplate. */
export type MethodSpec = Partial<RestMethodDoc> & { path: string; httpMethod: string };

export interface RestApiSpec {
  methods: MethodSpec[];
  models?: RestModelDoc[];
  requestValidators?: RestRequestValidatorDoc[];
  gatewayResponses?: RestGatewayResponseDoc[];
  binaryMediaTypes?: string[];
  variables?: Record<string, string>;
}

/** A REST ActiveStage from method specs; `methodResponses` default to one per integration response status. */
export function restApi(apiId: string, spec: RestApiSpec, stageName = 'prod'): ActiveStage {
  const byPath = new Map<string, Record<string, RestMethodDoc>>();
  for (const { path, ...m } of spec.methods) {
    const methods = byPath.get(path) ?? {};
    const statuses = Object.values(m.methodIntegration?.integrationResponses ?? {}).map((r) => r.statusCode);
    methods[m.httpMethod] = {
      authorizationType: 'NONE',
      methodResponses: m.methodResponses ?? Object.fromEntries(statuses.map((s) => [s, { statusCode: s }])),
      ...m,
    };
    byPath.set(path, methods);
  }
  let n = 0;
  return restActiveStage(apiId, stageName, {
    api: { id: apiId, name: 'spec', createdDate: 0, rootResourceId: 'r0', binaryMediaTypes: spec.binaryMediaTypes },
    resources: [...byPath.entries()].map(([path, resourceMethods]) => ({ id: `r${n++}`, path, resourceMethods })),
    models: spec.models,
    requestValidators: spec.requestValidators,
    gatewayResponses: spec.gatewayResponses,
    variables: spec.variables,
  });
}

export interface RestHarness {
  registry: StageRegistry;
  invoker: RecordingInvoker;
  /** Calls `/_aws/execute-api/{apiId}/prod{path}`. */
  call(apiId: string, path: string, init?: Parameters<typeof request>[1]): Promise<{ status: number; headers: Record<string, string>; body: string; bytes: Buffer }>;
  close(): Promise<void>;
}

/** A real gateway handler on 127.0.0.1:0 with the REST data plane wired as the gateway app wires it. */
export async function startRestHarness(): Promise<RestHarness> {
  const registry = new StageRegistry(restDataPlaneOptions());
  const invoker = new RecordingInvoker(success({}));
  const server = await serveGateway({ registry, invoker });
  const base = server.base;
  return {
    registry,
    invoker,
    async call(apiId, path, init = {}) {
      const r = await request(`${base}/_aws/execute-api/${apiId}/prod${path}`, init);
      const bytes = Buffer.from(await r.body.arrayBuffer());
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(r.headers)) headers[k] = Array.isArray(v) ? v.join(',') : String(v);
      return { status: r.statusCode, headers, body: bytes.toString('utf8'), bytes };
    },
    async close() {
      await registry.close();
      await server.close();
    },
  };
}
