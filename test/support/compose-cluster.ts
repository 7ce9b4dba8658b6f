import { clusterStoreEnv, dropSchema, sdkClientConfig, uniqueSchemaName, type ClusterStoreAddresses, type SdkClientConfig } from '@app/testing';
import { AppProcess, freePorts, startApp, waitFor } from './app-process';
import { composeService } from './compose-services';

export type ClusterAddresses = ClusterStoreAddresses;

/** A process of the cluster, listening on 127.0.0.1. */
export interface ClusterNode {
  app: AppProcess;
  port: number;
  /** `http://127.0.0.1:{port}`. */
  url: string;
}

export interface StartedClusterNodes {
  controlPlane: ClusterNode;
  gateways: ClusterNode[];
  /** SDK client settings for the control plane, signed with the compose file's admin key. */
  clientConfig: SdkClientConfig;
}

/**
 * The docker-compose.yml services as Node processes on this machine: each started with its compose command and
 * environment, changed only where addresses differ outside containers, in a Postgres schema and Redis key prefix of
 * its own (so clusters of different suites never see each other).
 */
export class ComposeCluster {
  readonly schema = uniqueSchemaName();
  private readonly apps: AppProcess[] = [];

  constructor(private readonly addresses: ClusterAddresses = {}) {}

  env(service: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...composeService(service).environment,
      ...clusterStoreEnv(this.schema, this.addresses),
      BIND_HOST: '127.0.0.1',
      RECONCILE_INTERVAL_MS: '1000',
      LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  start(service: string, extra: Record<string, string> = {}): AppProcess {
    const app = startApp(composeService(service).command, this.env(service, extra));
    this.apps.push(app);
    return app;
  }

  /**
   * Starts the control plane, then `gatewayCount` gateway nodes, on free loopback ports, and waits until each is
   * ready. The control plane's public gateway URL names the first node (compose names port 8080). `extra` goes to
   * every process's environment.
   */
  async startControlPlaneAndGateways(gatewayCount: number, extra: Record<string, string> = {}): Promise<StartedClusterNodes> {
    const [cpPort, ...gatewayPorts] = await freePorts(1 + gatewayCount);
    const controlPlane = this.node(cpPort, this.start('control-plane', { ...extra, CONTROL_PLANE_PORT: String(cpPort), PUBLIC_GATEWAY_URL: `http://localhost:${gatewayPorts[0]}` }));
    await waitFor(`${controlPlane.url}/health/ready`, controlPlane.app);
    const gateways = gatewayPorts.map((port) => this.node(port, this.start('gateway', { ...extra, GATEWAY_PORT: String(port) })));
    await Promise.all(gateways.map((node) => waitFor(`${node.url}/health/ready`, node.app)));
    return { controlPlane, gateways, clientConfig: sdkClientConfig(controlPlane.url, this.adminCredentials()) };
  }

  /** The compose file's first admin key, for SigV4-signed management calls. */
  adminCredentials(): { accessKeyId: string; secretAccessKey: string } {
    const [accessKeyId, secretAccessKey] = composeService('control-plane').environment.ADMIN_ACCESS_KEYS.split(',')[0].split(':');
    return { accessKeyId, secretAccessKey };
  }

  /** Kills every process it started and drops its schema. */
  async destroy(): Promise<void> {
    await Promise.all(this.apps.map((a) => a.stop('SIGKILL')));
    await dropSchema(this.schema);
  }

  private node(port: number, app: AppProcess): ClusterNode {
    return { app, port, url: `http://127.0.0.1:${port}` };
  }
}
