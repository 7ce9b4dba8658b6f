import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { hashApiKey } from '@app/auth';
import { authorizersPlugin, createAccessControl, createGatewayHandler, createGatewayHttpServer, ENFORCED_AUTHORIZATION_TYPES, restDataPlaneOptions, StageRegistry, storeAccessSource, unenforcedAccessPlugin } from '@app/pipeline';
import { createNestFastifyApp, type Runtime } from '@app/platform';
import { GatewayModule } from './gateway.module';
import { StageSync } from './stage-sync.service';

export interface GatewayApp {
  app: NestFastifyApplication;
  registry: StageRegistry;
  sync: StageSync;
  /** Starts following the store and bus (call before listen, so the node serves its stages from the first request). */
  start(): Promise<void>;
  listen(options: { port: number; host: string }): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * One port, two paths: requests for an API (`{apiId}.execute-api.*` host or `/_aws/execute-api/...`) go straight
 * from the HTTP server to the compiled pipeline — no Nest, no Fastify routing, no DI per request. Everything else
 * (`/health/*`) is handed to Fastify/Nest.
 */
export async function createGatewayApp(runtime: Runtime): Promise<GatewayApp> {
  // REST data plane: VTL gateway responses, request validators, MOCK / HTTP / AWS (Lambda custom) integrations.
  const rest = restDataPlaneOptions();
  // Access control this node enforces; routes asking for anything else are refused (unenforcedAccessPlugin).
  // Add a type here only together with the plug-in that enforces it.
  const enforced = { authorizationTypes: new Set<string>(ENFORCED_AUTHORIZATION_TYPES), apiKeys: true };
  // API keys, usage plans and throttling: a per-node key index following `access.changed`, shared counters.
  const access = createAccessControl({
    source: storeAccessSource(runtime.store),
    bus: runtime.bus,
    counters: runtime.counters,
    hashKey: (value) => hashApiKey(value, runtime.secretKey),
    accountThrottle: runtime.config.accountThrottle,
    refreshIntervalMs: runtime.config.reconcileIntervalMs,
  });
  // Lambda (REST TOKEN/REQUEST, HTTP), JWT, Cognito user pool and AWS_IAM authorization and REST resource policies; authorizer
  // results cached in the runtime's shared cache (Redis in the cluster).
  const authorizers = authorizersPlugin({
    invoker: runtime.invoker,
    cache: runtime.authorizerCache,
    jwks: runtime.jwks,
    invokeAccessKeys: runtime.config.invokeAccessKeys,
    region: runtime.config.region,
    accountId: runtime.config.accountId,
    cognitoIssuerUrl: runtime.config.cognitoIssuerUrl,
  });
  const registry = new StageRegistry({
    accountId: runtime.config.accountId,
    ...rest,
    plugins: [...access.plugins, ...rest.plugins, authorizers, unenforcedAccessPlugin(enforced)],
  });
  const dataPlane = createGatewayHandler({ registry, invoker: runtime.invoker, trustedProxies: runtime.config.trustedProxies });

  const app = await createNestFastifyApp(GatewayModule.forRoot(runtime), {
    logLevel: runtime.config.logLevel,
    serverFactory: (nestHandler) => createGatewayHttpServer(dataPlane, nestHandler),
  });

  const sync = new StageSync(runtime.store.activeStages, runtime.bus, registry, runtime.config.reconcileIntervalMs);
  return {
    app,
    registry,
    sync,
    start: () => sync.start(),
    listen: (options) => app.listen(options),
    close: async () => {
      sync.stop();
      access.stop();
      await app.close();
      await registry.close();
    },
  };
}
