import { ClientRedis, ServerRedis } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { BusEvents, BusEventType } from '@app/contracts';
import { BUS_EVENT_TYPES } from '@app/contracts';
import type { BusHandler, EventBus } from './event-bus';
import { HandlerRegistry } from './handler-registry';

export interface RedisBusOptions {
  url: string;
  /** Channel prefix, so several gateways can share one Redis. */
  prefix: string;
  onInvalid?: (reason: string) => void;
}

/**
 * Redis pub/sub through Nest's Redis transport (`@nestjs/microservices`): the channel is the event pattern and the
 * message is Nest's `{pattern, data}` packet, so any Nest app can also consume these events with `@EventPattern`.
 * Both connections retry forever; after a reconnect, `onReconnect` listeners run so nodes can reconcile.
 */
export class RedisEventBus implements EventBus {
  private readonly registry: HandlerRegistry;
  private readonly client: ClientRedis;
  private readonly server: ServerRedis;
  private readonly reconnectListeners: Array<() => void> = [];
  private connected = false;
  private everConnected = false;

  constructor(private readonly options: RedisBusOptions) {
    const url = new URL(options.url);
    const redisOptions = {
      host: url.hostname,
      port: Number(url.port || 6379),
      password: url.password ? decodeURIComponent(url.password) : undefined,
      username: url.username ? decodeURIComponent(url.username) : undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
      retryAttempts: Number.MAX_SAFE_INTEGER,
      retryDelay: 1000,
      // Publishing while Redis is away must fail fast rather than queue: the control plane reports the error and
      // nodes catch up by reconciliation.
      enableOfflineQueue: false,
      lazyConnect: false,
    };
    this.registry = new HandlerRegistry(options.onInvalid ?? (() => undefined));
    this.client = new ClientRedis(redisOptions);
    this.server = new ServerRedis(redisOptions);
    for (const type of BUS_EVENT_TYPES) {
      this.server.addHandler(this.channel(type), (data: unknown) => this.registry.dispatch(type, data), true);
    }
  }

  /** Subscribes to every known event channel; resolves once the subscription is live. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      void this.server.listen((error?: unknown) => (error ? reject(error) : resolve()));
    });
    const subscriber = this.server.unwrap<[import('ioredis').Redis, import('ioredis').Redis]>()[0];
    this.connected = true;
    this.everConnected = true;
    subscriber.on('close', () => (this.connected = false));
    subscriber.on('ready', () => {
      this.connected = true;
      if (this.everConnected) for (const listener of this.reconnectListeners) listener();
    });
    await this.client.connect().catch(() => undefined);
  }

  async publish<K extends BusEventType>(type: K, payload: BusEvents[K]): Promise<void> {
    await lastValueFrom(this.client.emit(this.channel(type), payload), { defaultValue: undefined });
  }

  subscribe<K extends BusEventType>(type: K, handler: BusHandler<K>): () => void {
    return this.registry.add(type, handler);
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  isConnected(): boolean {
    return this.connected;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.client.close(), this.server.close()]);
  }

  private channel(type: BusEventType): string {
    return `${this.options.prefix}${type}`;
  }
}
