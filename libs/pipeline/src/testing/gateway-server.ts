import type { AddressInfo } from 'node:net';
import { createGatewayHttpServer } from '../handler/gateway-http.server';
import { createGatewayHandler, type GatewayHandlerOptions } from '../handler/gateway.handler';

export interface GatewayServer {
  /** `http://127.0.0.1:{port}`; API calls go to `${base}/_aws/execute-api/{apiId}/...`. */
  base: string;
  /** Stops the HTTP server; the registry stays the caller's to close. */
  close(): Promise<void>;
}

/** The gateway handler on its HTTP server (fast path included) on 127.0.0.1 and an ephemeral port, as the gateway app serves it. */
export async function serveGateway(options: GatewayHandlerOptions): Promise<GatewayServer> {
  const server = createGatewayHttpServer(createGatewayHandler(options));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
