import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a real dependency (Postgres, Redis) that a test can take down and bring back, to
 * show what the code does during a real outage (connections reset, reconnects refused) and a real recovery —
 * without stopping the machine's shared services. It keeps its port throughout, so clients reconnect to the same
 * address.
 */
export class TcpProxy {
  port = 0;
  private up = true;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(
    private readonly targetPort: number,
    private readonly listenPort = 0,
    private readonly targetHost = '127.0.0.1',
  ) {
    this.server = createServer((client) => {
      if (!this.up) return void client.destroy();
      const upstream = connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.listenPort, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  /** The dependency looks dead: open connections are reset and new ones refused. */
  down(): void {
    this.up = false;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.up = true;
  }

  async stop(): Promise<void> {
    this.down();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
