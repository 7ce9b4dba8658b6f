import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Runtime } from '@app/platform';
import { ControlPlaneModule } from './control-plane.module';

/**
 * Builds the control-plane app. Bodies are kept as raw buffers for every content type the AWS SDKs send
 * (JSON, YAML for ImportRestApi, zip bytes for Lambda, octet-stream for Invoke); each controller parses its own.
 */
export async function createControlPlaneApp(runtime: Runtime): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 70 * 1024 * 1024, // Lambda accepts 50 MB zipped code, base64 in JSON
    forceCloseConnections: 'idle',
    // AWS SDKs url-encode path members (e.g. `$default`, ARNs); keep their percent-encoding decoding standard.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ControlPlaneModule.forRoot(runtime), adapter, {
    logger: nestLogLevels(runtime.config.logLevel),
    bufferLogs: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 70 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  return app;
}

export function nestLogLevels(level: string): Array<'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose'> {
  const order = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  const map: Record<string, number> = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4, trace: 5 };
  return order.slice(0, (map[level] ?? 3) + 1);
}
