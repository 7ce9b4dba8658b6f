// The data plane's HTTP/1.1 server (see libs/pipeline/README.md, "Inbound HTTP server").
export { FastHttpServer, type FastHttpServerOptions } from './fast-http.server';
export { BufferedRequest, type InboundRequest } from './inbound-request';
export { NodeResponseSink, type ResponseSink } from './response-sink';
export type { RequestHead } from './http1-request-head';
