import { ConsoleLogger, DynamicModule, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerFactory } from 'fastify';

export interface NestAppOptions {
  logLevel: string;
  /** Lets an app put its own handler in front of Nest on the same port (the gateway's data plane does). */
  serverFactory?: FastifyServerFactory;
}

/** Every app is a Nest application on Fastify; this keeps their adapter settings and log levels identical. */
export async function createNestFastifyApp(module: DynamicModule, options: NestAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // On close, idle keep-alive sockets are closed at once while in-flight requests finish (graceful drain).
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
  });
  // bodyParser off: Nest would otherwise add its JSON parser at listen time; apps register the parsers they need.
  return NestFactory.create<NestFastifyApplication>(module, adapter, { logger: appLogger(options.logLevel), bodyParser: false });
}

/** Nest's start-up narration (modules, routes); shown only at LOG_LEVEL=debug or trace. */
const FRAMEWORK_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

class AppLogger extends ConsoleLogger {
  override log(message: unknown, context?: string): void {
    if (context && FRAMEWORK_CONTEXTS.has(context) && !this.isLevelEnabled('debug')) return;
    super.log(message, context);
  }
}

export function appLogger(level: string): ConsoleLogger {
  return new AppLogger({ logLevels: nestLogLevels(level) as LogLevel[] });
}

export function nestLogLevels(level: string): Array<'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose'> {
  const order = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  const rank: Record<string, number> = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4, trace: 5 };
  return order.slice(0, (rank[level] ?? 3) + 1);
}
