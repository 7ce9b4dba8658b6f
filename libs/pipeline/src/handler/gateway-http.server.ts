import type { RequestListener } from 'node:http';
import { FastHttpServer } from '../inbound/fast-http.server';
import { isGatewayRequest } from './gateway-address';
import type { GatewayHandler } from './gateway.handler';

/**
 * The gateway node's HTTP server: data-plane requests on the fast path, handed to node:http (and from there to the
 * same handler) when the fast path does not take them; everything not for an API goes to `other` (Nest: health),
 * or to the data plane's Not Found when there is none.
 */
export function createGatewayHttpServer(dataPlane: GatewayHandler, other?: RequestListener): FastHttpServer {
  return new FastHttpServer({
    accepts: isGatewayRequest,
    serve: dataPlane.serve,
    fallback: (req, res) => (other === undefined || isGatewayRequest(req) ? dataPlane(req, res) : other(req, res)),
    // node:http answers 431 above this; 16 KB leaves the AWS limit (10,240 bytes → 413) to the gateway.
    maxHeaderSize: 16 * 1024,
    maxBodyBytes: dataPlane.maxPayloadBytes,
    keepAliveTimeout: 65_000,
  });
}
