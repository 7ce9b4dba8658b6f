import { eventOfPayload } from '@app/testing/lambda-payload';
import type {
  ActiveStage,
  CorsConfiguration,
  LambdaInvokeRequest,
  LambdaInvokeResult,
  LambdaInvoker,
  RestGatewayResponseDoc,
  RestDefinition,
  RestIntegrationDoc,
  V2IntegrationDoc,
} from '@app/contracts';

/** Shared factories for the pipeline specs: minimal but complete ActiveStage documents. */

export interface RestMethodSpec {
  path: string;
  method: string;
  integration?: RestIntegrationDoc;
}

export function restStage(
  apiId: string,
  stageName: string,
  methods: RestMethodSpec[],
  extra: { variables?: Record<string, string>; gatewayResponses?: RestGatewayResponseDoc[]; binaryMediaTypes?: string[] } = {},
): ActiveStage {
  const byPath = new Map<string, Record<string, { httpMethod: string; authorizationType: 'NONE'; methodIntegration?: RestIntegrationDoc }>>();
  for (const m of methods) {
    const entry = byPath.get(m.path) ?? {};
    entry[m.method] = { httpMethod: m.method, authorizationType: 'NONE', methodIntegration: m.integration };
    byPath.set(m.path, entry);
  }
  let n = 0;
  return restActiveStage(apiId, stageName, {
    api: { id: apiId, name: 'test', createdDate: 0, rootResourceId: 'root', binaryMediaTypes: extra.binaryMediaTypes },
    resources: [...byPath.entries()].map(([path, resourceMethods]) => ({ id: `res${n++}`, path, resourceMethods })),
    variables: extra.variables,
    gatewayResponses: extra.gatewayResponses,
  });
}

/** The ActiveStage envelope (stage, snapshot, deployment `dep1`) around a REST definition's parts; absent lists are empty. */
export function restActiveStage(
  apiId: string,
  stageName: string,
  parts: Pick<RestDefinition, 'api' | 'resources'> & Partial<Pick<RestDefinition, 'models' | 'requestValidators' | 'gatewayResponses'>> & { variables?: Record<string, string> },
): ActiveStage {
  return {
    apiId,
    protocolType: 'REST',
    stage: { stageName, deploymentId: 'dep1', variables: parts.variables, createdDate: 0, lastUpdatedDate: 0 },
    snapshot: {
      formatVersion: 1,
      apiId,
      deploymentId: 'dep1',
      createdDate: '2024-01-01T00:00:00Z',
      definition: {
        protocolType: 'REST',
        api: parts.api,
        resources: parts.resources,
        authorizers: [],
        models: parts.models ?? [],
        requestValidators: parts.requestValidators ?? [],
        gatewayResponses: parts.gatewayResponses ?? [],
      },
    },
  };
}

export function httpStage(
  apiId: string,
  stageName: string,
  routes: Array<{ routeKey: string; integration?: Omit<V2IntegrationDoc, 'integrationId'> }>,
  extra: { stageVariables?: Record<string, string>; cors?: CorsConfiguration } = {},
): ActiveStage {
  const integrations: V2IntegrationDoc[] = [];
  const v2routes = routes.map((r, i) => {
    if (!r.integration) return { routeId: `r${i}`, routeKey: r.routeKey };
    integrations.push({ ...r.integration, integrationId: `i${i}` });
    return { routeId: `r${i}`, routeKey: r.routeKey, target: `integrations/i${i}` };
  });
  return {
    apiId,
    protocolType: 'HTTP',
    stage: { stageName, stageVariables: extra.stageVariables, createdDate: '', lastUpdatedDate: '' },
    snapshot: {
      formatVersion: 1,
      apiId,
      deploymentId: 'dep1',
      createdDate: '2024-01-01T00:00:00Z',
      definition: {
        protocolType: 'HTTP',
        api: {
          apiId,
          name: 'test',
          protocolType: 'HTTP',
          routeSelectionExpression: '${request.method} ${request.path}',
          createdDate: '',
          corsConfiguration: extra.cors,
        },
        routes: v2routes,
        integrations,
        authorizers: [],
        models: [],
        routeResponses: {},
        integrationResponses: {},
      },
    },
  };
}

export const lambdaUri = (name: string) =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${name}/invocations`;

/** A real LambdaInvoker that records every request and answers with a configured result (or a function of it). */
export class RecordingInvoker implements LambdaInvoker {
  readonly requests: LambdaInvokeRequest[] = [];
  constructor(public answer: LambdaInvokeResult | ((req: LambdaInvokeRequest) => Promise<LambdaInvokeResult> | LambdaInvokeResult)) {}

  get lastEvent(): Record<string, any> {
    return eventOfPayload(this.requests[this.requests.length - 1].payload);
  }

  async invoke(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    this.requests.push(request);
    return typeof this.answer === 'function' ? this.answer(request) : this.answer;
  }
}

export function success(value: unknown): LambdaInvokeResult {
  return { kind: 'success', statusCode: 200, payload: JSON.stringify(value ?? null), executedVersion: '$LATEST' };
}
