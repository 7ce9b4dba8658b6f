import type { GatewayResponseType, LambdaInvoker } from '@app/contracts';
import type { InboundRequest } from '../inbound/inbound-request';
import type { ResponseSink } from '../inbound/response-sink';
import type { CompiledRoute, CompiledStage } from '../registry/compiled-stage';
import type { CallerIdentity } from './caller-identity';
import { formatRequestTime } from './request-time';

/**
 * Everything known about one request as it moves through the pipeline. One object per request, built with plain
 * fields (no getters, no closures) so V8 keeps a single hidden class; `$context` as a nested object is only built
 * when something (a template, an access-log formatter) asks for it.
 */
export class RequestContext {
  /** Route match results; null until routing ran or when nothing matched. */
  route: CompiledRoute | null = null;
  pathParameters: Record<string, string> | null = null;
  /** The request body, read in full (at most the payload limit); null when there was none. */
  body: Buffer | null = null;
  /** Set by authorizer stages: REST `requestContext.authorizer`, HTTP API `requestContext.authorizer`. */
  authorizer: Record<string, unknown> | null = null;
  /**
   * Set by a Lambda authorizer that returned `usageIdentifierKey`: the API key value used for usage plans when the
   * API's `apiKeySource` is AUTHORIZER (read by the API key stage, which then runs after the authorizer).
   */
  usageIdentifierKey: string | null = null;
  /**
   * Set on AWS_IAM routes once the SigV4 signature verified (`requestContext.identity.accessKey/user/userArn/caller/
   * accountId` in payload 1.0, `$context.identity.*`; payload 2.0 gets `requestContext.authorizer.iam`).
   */
  callerIdentity: CallerIdentity | null = null;
  /** Set by the API key stage. */
  apiKey: string | null = null;
  apiKeyId: string | null = null;
  /** Final status sent to the client. */
  status = 0;
  /** Milliseconds spent in the integration; -1 when it did not answer (AWS logs -1 on timeouts). */
  integrationLatency = -1;
  integrationStatus: number | null = null;
  responseLatency = 0;
  responseLength = 0;
  /** Set when the pipeline answered with a gateway response. */
  errorMessage: string | null = null;
  errorResponseType: GatewayResponseType | null = null;
  /** Integration error text for `$context.integrationErrorMessage`. */
  integrationErrorMessage: string | null = null;
  /** Set by request validation: the schema errors behind BAD_REQUEST_BODY (`$context.error.validationErrorString`). */
  validationErrorString: string | null = null;
  readonly requestTime: string;
  /**
   * `$context.identity.sourceIp`, `aws:SourceIp`: the client's address. The TCP peer, unless the peer is a trusted
   * proxy (TRUSTED_PROXIES): then the address its X-Forwarded-For names. Settled when the context is created.
   */
  sourceIp: string;
  /** The scheme a trusted proxy's X-Forwarded-Proto says the client used; null: the connection to this node decides. */
  proxiedProto: 'http' | 'https' | null = null;
  /** The port a trusted proxy's X-Forwarded-Port names (or its scheme's default); null: this node's listener port. */
  proxiedPort: string | null = null;
  private listenerPort: string | undefined = undefined;
  /** The handler's function invoker, for Lambda integrations. */
  invoker!: LambdaInvoker;
  private contextObject: Record<string, unknown> | null = null;

  constructor(
    readonly req: InboundRequest,
    readonly res: ResponseSink,
    readonly stage: CompiledStage,
    readonly method: string,
    /** The path the API sees (stage segment removed), exactly as received (not decoded), starting with `/`. */
    readonly rawPath: string,
    /** The query string without `?`, as received; '' when none. */
    readonly rawQuery: string,
    /** `/{stage}` when the stage was named in the path (REST and named HTTP stages), '' for `$default`. */
    readonly stagePrefix: string,
    readonly requestId: string,
    readonly extendedRequestId: string,
    readonly requestTimeEpoch: number,
    /** `performance.now()` at arrival, for latencies. */
    readonly startedAt: number,
    /** The TCP peer's address (IPv4-mapped IPv6 unwrapped): the client, or the proxy in front of this node. */
    readonly peerIp: string,
    readonly domainName: string,
    readonly domainPrefix: string,
  ) {
    this.requestTime = formatRequestTime(requestTimeEpoch);
    this.sourceIp = peerIp;
  }

  /**
   * The scheme the client used (`aws:SecureTransport`, the X-Forwarded-Proto integrations get): a trusted proxy's
   * word, else whether this connection is TLS. A client talking to the node directly cannot claim https.
   */
  get clientProto(): 'http' | 'https' {
    return this.proxiedProto ?? ((this.req.socket as { encrypted?: boolean }).encrypted === true ? 'https' : 'http');
  }

  /** The port the client connected to (X-Forwarded-Port for integrations): a trusted proxy's, else this listener's. */
  get clientPort(): string {
    // Kept once read: a closed socket no longer knows its port, and the event's JSON text may be written late.
    return this.proxiedPort ?? (this.listenerPort ??= String(this.req.socket.localPort ?? ''));
  }

  get protocol(): string {
    return this.req.httpVersion === '1.0' ? 'HTTP/1.0' : this.req.httpVersion === '2.0' ? 'HTTP/2.0' : 'HTTP/1.1';
  }

  get userAgent(): string | null {
    return this.req.headers['user-agent'] ?? null;
  }

  /** `$context.resourcePath` (REST) or the path part of the route key (HTTP); '' before routing. */
  get resourcePath(): string {
    return this.route?.resourcePath ?? '';
  }

  get routeKey(): string {
    return this.route?.routeKey ?? '';
  }

  /**
   * The AWS `$context` object (doc_source/api-gateway-mapping-template-reference.md, http-api-logging-variables.md)
   * built on first use and cached for the request.
   */
  contextVariables(): Record<string, unknown> {
    if (this.contextObject) return this.contextObject;
    const error = this.errorMessage === null ? null : this.errorMessage;
    this.contextObject = {
      accountId: this.stage.accountId,
      apiId: this.stage.apiId,
      authorizer: this.authorizer ?? {},
      awsEndpointRequestId: '',
      domainName: this.domainName,
      domainPrefix: this.domainPrefix,
      error: {
        message: error ?? '',
        messageString: error === null ? '""' : JSON.stringify(error),
        responseType: this.errorResponseType ?? '',
        validationErrorString: this.validationErrorString ?? '',
      },
      extendedRequestId: this.extendedRequestId,
      httpMethod: this.method,
      identity: {
        accessKey: this.callerIdentity?.accessKey ?? null,
        accountId: this.callerIdentity?.accountId ?? null,
        apiKey: this.apiKey,
        apiKeyId: this.apiKeyId,
        caller: this.callerIdentity?.userId ?? null,
        sourceIp: this.sourceIp,
        user: this.callerIdentity?.userId ?? null,
        userAgent: this.userAgent,
        userArn: this.callerIdentity?.userArn ?? null,
      },
      integrationLatency: this.integrationLatency,
      integrationStatus: this.integrationStatus,
      path: this.stagePrefix + this.rawPath,
      protocol: this.protocol,
      requestId: this.requestId,
      requestTime: this.requestTime,
      requestTimeEpoch: this.requestTimeEpoch,
      resourceId: this.route?.resourceId ?? null,
      resourcePath: this.resourcePath,
      routeKey: this.routeKey,
      stage: this.stage.stageName,
      status: this.status,
      responseLatency: this.responseLatency,
      responseLength: this.responseLength,
    };
    return this.contextObject;
  }

  /** Forget the cached `$context` after a field it reflects changed (error set, status known). */
  invalidateContextVariables(): void {
    this.contextObject = null;
  }
}
