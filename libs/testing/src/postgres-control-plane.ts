import { clusterStoreEnv, dropSchema, uniqueSchemaName } from './isolated-cluster-store';
import { startControlPlane, type StartedControlPlane } from './local-control-plane';
import { sdkClientConfig, type AccessKey } from './sdk-client-config';

/** The one admin key of `startControlPlaneOnPostgres`; in cluster mode every management call is SigV4-checked against it. */
export const CLUSTER_ADMIN_KEY: AccessKey = { accessKeyId: 'AKIDE2EADMIN', secretAccessKey: 'e2e-admin-secret' };

/**
 * An in-process control plane in cluster mode, on the machine's Postgres (a fresh schema named after
 * `schemaPrefix`) and Redis (keys and bus under that schema's prefix). Its `clientConfig` signs with
 * CLUSTER_ADMIN_KEY; `close()` also drops the schema.
 */
export async function startControlPlaneOnPostgres(schemaPrefix: string): Promise<StartedControlPlane & { schema: string }> {
  const schema = uniqueSchemaName(schemaPrefix);
  let started: StartedControlPlane;
  try {
    started = await startControlPlane({
      GATEWAY_MODE: 'cluster',
      ...clusterStoreEnv(schema),
      ADMIN_ACCESS_KEYS: `${CLUSTER_ADMIN_KEY.accessKeyId}:${CLUSTER_ADMIN_KEY.secretAccessKey}`,
      SECRET_KEY: 'a-secret-key-of-at-least-32-characters!!',
    });
  } catch (error) {
    // The migrations may have created the schema before start-up failed.
    await dropSchema(schema);
    throw error;
  }
  return {
    ...started,
    schema,
    clientConfig: sdkClientConfig(started.endpoint, CLUSTER_ADMIN_KEY),
    close: async () => {
      try {
        await started.close();
      } finally {
        await dropSchema(schema);
      }
    },
  };
}
