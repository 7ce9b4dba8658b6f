import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the test Redis that can be switched off and on, so tests see a real outage (connections
 * reset, reconnects refused) and a real recovery, with the same client object throughout.
 */
export class RedisProxy {
  port = 0;
  private up = true;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(private readonly target = { host: '127.0.0.1', port: 6379 }) {
    this.server = createServer((client) => {
      if (!this.up) return void client.destroy();
      const upstream = connect(this.target.port, this.target.host);
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
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

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
