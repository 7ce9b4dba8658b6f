import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { loadConfig, type EnvName } from '@app/config';
import { createRuntime, type Runtime } from '@app/platform';
import { createControlPlaneApp } from '@apps/control-plane';
import { sdkClientConfig, type AccessKey, type SdkClientConfig } from './sdk-client-config';

export interface StartedControlPlane {
  endpoint: string;
  runtime: Runtime;
  /** For the SDK clients: `new LambdaClient(cp.clientConfig)`, `new APIGatewayClient({ ...cp.clientConfig, maxAttempts: 1 })`. */
  clientConfig: SdkClientConfig;
  close(): Promise<void>;
}

/** Test credentials for the AWS SDK clients; local mode accepts any signature. */
export const TEST_CREDENTIALS: AccessKey = { accessKeyId: 'AKIDTESTLOCAL', secretAccessKey: 'test-secret-key' };

/**
 * A real control plane on 127.0.0.1 and an ephemeral port, in local mode on a fresh embedded store (or with the
 * given env overrides, e.g. cluster mode on Postgres). For e2e specs driven through the official AWS SDK clients.
 */
export async function startControlPlane(overrides: Partial<Record<EnvName, string>> = {}): Promise<StartedControlPlane> {
  Logger.overrideLogger(['error']);
  const dataDir = mkdtempSync(join(tmpdir(), 'cp-e2e-'));
  const config = loadConfig({ GATEWAY_MODE: 'local', DATA_DIR: dataDir, LOCAL_APP_DIR: 'none', LOG_LEVEL: 'error', ...overrides });
  const runtime = await createRuntime(config, { migrate: true, requireStore: true });
  const app = await createControlPlaneApp(runtime);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    runtime,
    clientConfig: sdkClientConfig(endpoint, TEST_CREDENTIALS),
    close: async () => {
      await app.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
