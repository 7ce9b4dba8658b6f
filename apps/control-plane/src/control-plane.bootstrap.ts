import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createNestFastifyApp, type Runtime } from '@app/platform';
import { ControlPlaneModule } from './control-plane.module';

/** Lambda accepts 50 MB zipped code, which arrives base64-encoded inside JSON. */
const MANAGEMENT_BODY_LIMIT = 70 * 1024 * 1024;

/**
 * Builds the control-plane app. Bodies are kept as raw buffers for every content type the AWS SDKs send
 * (JSON, YAML for ImportRestApi, zip bytes for Lambda, octet-stream for Invoke); each controller parses its own.
 */
export async function createControlPlaneApp(runtime: Runtime): Promise<NestFastifyApplication> {
  const app = await createNestFastifyApp(ControlPlaneModule.forRoot(runtime), { logLevel: runtime.config.logLevel });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MANAGEMENT_BODY_LIMIT }, (_req, body, done) => done(null, body));
  return app;
}
