import type { AddressInfo } from 'node:net';
import type { Runtime } from '@app/platform';
import { createGatewayApp, type GatewayApp } from '@apps/gateway';

export interface StartedGateway {
  /** `http://127.0.0.1:{port}`; APIs are served under `/_aws/execute-api/{apiId}/{stage}/...`. */
  endpoint: string;
  gateway: GatewayApp;
  /** The path-form URL of a stage: `${endpoint}/_aws/execute-api/${apiId}/${stage}`. */
  stageUrl(apiId: string, stage: string): string;
  close(): Promise<void>;
}

/**
 * A gateway node on 127.0.0.1 and an ephemeral port, sharing the given runtime (store, bus, function invoker) — the
 * all-in-one arrangement, e.g. with the runtime of `startControlPlane()`. It follows the store and bus like any node,
 * so deployments made through the control plane become live here.
 */
export async function startGateway(runtime: Runtime): Promise<StartedGateway> {
  const gateway = await createGatewayApp(runtime);
  await gateway.start();
  await gateway.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = gateway.app.getHttpServer().address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    gateway,
    stageUrl: (apiId, stage) => `${endpoint}/_aws/execute-api/${apiId}/${encodeURIComponent(stage)}`,
    close: () => gateway.close(),
  };
}
