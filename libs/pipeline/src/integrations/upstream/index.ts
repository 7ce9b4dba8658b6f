// The upstream HTTP/1.1 client's public surface (see libs/pipeline/README.md, "Upstream HTTP client").
export { UpstreamPool, type UpstreamPoolOptions, type UpstreamPoolStats } from './upstream-pool';
export type { UpstreamControl, UpstreamHandler } from './upstream-connection';
export { InvalidUpstreamRequestError, type UpstreamRequest } from './http1-request.encoder';
export { Http1ParseError } from './http1-response.parser';
