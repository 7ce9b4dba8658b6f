import type { ConnectionOptions } from 'node:tls';
import type { UpstreamRequest } from './http1-request.encoder';
import { DEFAULT_PARSER_LIMITS } from './http1-response.parser';
import { UpstreamConnection, type ConnectionOwner, type UpstreamEndpoint, type UpstreamHandler } from './upstream-connection';

export interface UpstreamPoolOptions {
  /** Most connections open to the origin at once; requests beyond it wait, first come first served. Default 128. */
  maxConnections?: number;
  /**
   * How long an idle connection is kept for reuse, in ms. Default 4,000. An upstream announcing a shorter
   * `Keep-Alive: timeout=N` gets N s minus one second (as Node's http.Agent does), so we stop reusing a connection
   * before the upstream closes it; N ≤ 1 closes it after the response.
   */
  keepAliveTimeoutMs?: number;
  /** Status line plus headers of a response, in bytes; larger responses fail. Default 64 KiB. */
  maxHeaderBytes?: number;
  /** Extra `tls.connect` options for https origins, e.g. `ca` for a private certificate authority. */
  tls?: ConnectionOptions;
}

/** Counters for tests and diagnostics. */
export interface UpstreamPoolStats {
  /** Connections open now (busy, idle or connecting). */
  open: number;
  idle: number;
  queued: number;
  /** Connections opened since the pool was made. */
  opened: number;
}

/**
 * Keep-alive HTTP/1.1 connections to one origin (`http://host:port` or `https://host:port`). Requests go to the
 * most recently used idle connection (LIFO: the warmest socket, and the others age out), else to a new connection
 * while fewer than `maxConnections` are open, else into a queue. Idle connections are unref'd and closed after
 * the keep-alive timeout by one timer per pool, not one per connection.
 */
export class UpstreamPool implements ConnectionOwner {
  private readonly endpoint: UpstreamEndpoint;
  private readonly maxConnections: number;
  private readonly keepAliveTimeoutMs: number;
  private readonly idle: UpstreamConnection[] = [];
  /** Waiting requests as `request, handler` pairs from `queueHead` on. */
  private queue: Array<UpstreamRequest | UpstreamHandler | undefined> = [];
  private queueHead = 0;
  private open = 0;
  private opened = 0;
  private sweepTimer: NodeJS.Timeout | null = null;
  private closing: Promise<void> | null = null;
  private resolveClosed: (() => void) | null = null;
  private readonly sweep = () => this.closeExpired();

  constructor(origin: string, options: UpstreamPoolOptions = {}) {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`upstream origin '${origin}' is not http(s)`);
    const secure = url.protocol === 'https:';
    this.endpoint = {
      secure,
      host: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port ? Number(url.port) : secure ? 443 : 80,
      hostHeader: url.host,
      tls: options.tls,
      tlsSession: undefined,
      limits: { ...DEFAULT_PARSER_LIMITS, maxHeaderBytes: options.maxHeaderBytes ?? DEFAULT_PARSER_LIMITS.maxHeaderBytes },
    };
    this.maxConnections = options.maxConnections ?? 128;
    this.keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? 4_000;
  }

  get stats(): UpstreamPoolStats {
    return { open: this.open, idle: this.idle.length, queued: (this.queue.length - this.queueHead) / 2, opened: this.opened };
  }

  /** Sends a request; the handler hears of the response or the failure. Never throws. */
  dispatch(request: UpstreamRequest, handler: UpstreamHandler): void {
    if (this.closing !== null) {
      handler.onError(new Error('upstream pool is closed'));
      return;
    }
    const connection = this.takeIdle() ?? (this.open < this.maxConnections ? this.connect() : null);
    if (connection === null) this.queue.push(request, handler);
    else if (!this.start(connection, request, handler)) this.released(connection);
  }

  /** Stops taking requests, lets those in flight and queued finish, then closes every connection. */
  close(): Promise<void> {
    if (this.closing === null) {
      this.closing = new Promise((resolve) => (this.resolveClosed = resolve));
      if (this.sweepTimer !== null) clearTimeout(this.sweepTimer);
      this.sweepTimer = null;
      for (const connection of this.idle.splice(0)) connection.destroy();
      this.settleClose();
    }
    return this.closing;
  }

  released(connection: UpstreamConnection): void {
    while (this.queueHead < this.queue.length) {
      const queue = this.queue;
      const request = queue[this.queueHead] as UpstreamRequest;
      const handler = queue[this.queueHead + 1] as UpstreamHandler;
      queue[this.queueHead] = queue[this.queueHead + 1] = undefined;
      this.queueHead += 2;
      if (this.queueHead === queue.length) this.clearQueue();
      else if (this.queueHead > 1024 && this.queueHead * 2 > queue.length) this.compactQueue();
      if (this.start(connection, request, handler)) return;
    }
    if (this.closing !== null) return connection.destroy();
    const announced = connection.keepAliveTimeoutSeconds;
    const timeoutMs = announced >= 0 ? Math.min(this.keepAliveTimeoutMs, announced * 1_000 - 1_000) : this.keepAliveTimeoutMs;
    if (timeoutMs <= 0) return connection.destroy();
    connection.rest(performance.now() + timeoutMs);
    this.idle.push(connection);
    if (this.sweepTimer === null) this.armSweep(timeoutMs);
  }

  closed(connection: UpstreamConnection, retryRequest: UpstreamRequest | null, retryHandler: UpstreamHandler | null): void {
    this.open--;
    if (connection.idle) {
      const at = this.idle.indexOf(connection);
      if (at >= 0) this.idle.splice(at, 1);
    }
    if (retryRequest !== null && retryHandler !== null) {
      const fresh = this.connect();
      if (!this.start(fresh, retryRequest, retryHandler)) this.released(fresh);
    } else if (this.queueHead < this.queue.length && this.open < this.maxConnections) {
      // A slot freed up while requests wait: open a connection for them.
      this.released(this.connect());
    }
    this.settleClose();
  }

  /** Hands the request to the connection; false when it was not sent (the caller gave up, or it is invalid). */
  private start(connection: UpstreamConnection, request: UpstreamRequest, handler: UpstreamHandler): boolean {
    if (!handler.onStart(connection)) return false;
    try {
      connection.send(request, handler);
      return true;
    } catch (error) {
      handler.onError(error as Error);
      return false;
    }
  }

  private takeIdle(): UpstreamConnection | null {
    const idle = this.idle;
    if (idle.length === 0) return null;
    const now = performance.now();
    while (idle.length > 0) {
      const connection = idle.pop()!;
      // Past its deadline the upstream may be closing it right now: never reuse it, even before the sweep runs.
      if (connection.idleDeadline > now) return connection;
      connection.destroy();
    }
    return null;
  }

  private connect(): UpstreamConnection {
    this.open++;
    this.opened++;
    return new UpstreamConnection(this, this.endpoint);
  }

  private armSweep(delayMs: number): void {
    this.sweepTimer = setTimeout(this.sweep, Math.max(1, Math.ceil(delayMs)));
    this.sweepTimer.unref();
  }

  private closeExpired(): void {
    this.sweepTimer = null;
    const now = performance.now();
    const idle = this.idle;
    const expired: UpstreamConnection[] = [];
    let kept = 0;
    let next = Infinity;
    for (const connection of idle) {
      if (connection.idleDeadline <= now) expired.push(connection);
      else {
        idle[kept++] = connection;
        next = Math.min(next, connection.idleDeadline);
      }
    }
    idle.length = kept;
    for (const connection of expired) connection.destroy();
    if (kept > 0) this.armSweep(next - now);
  }

  private clearQueue(): void {
    this.queue = [];
    this.queueHead = 0;
  }

  /** A queue that never quite drains would otherwise keep every served slot. */
  private compactQueue(): void {
    this.queue = this.queue.slice(this.queueHead);
    this.queueHead = 0;
  }

  private settleClose(): void {
    if (this.resolveClosed !== null && this.open === 0 && this.queueHead === this.queue.length) {
      this.resolveClosed();
      this.resolveClosed = null;
    }
  }
}
