import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { UpstreamRequest } from './http1-request.encoder';
import { DEFAULT_PARSER_LIMITS } from './http1-response.parser';
import { UpstreamConnection, type ConnectionOwner, type UpstreamControl, type UpstreamEndpoint, type UpstreamHandler } from './upstream-connection';

/** Records what the connection tells its pool. */
class RecordingOwner implements ConnectionOwner {
  readonly events: string[] = [];
  retried: { request: UpstreamRequest; handler: UpstreamHandler } | null = null;
  private wake: (() => void) | null = null;

  released(): void {
    this.push('released');
  }
  closed(_: UpstreamConnection, request: UpstreamRequest | null, handler: UpstreamHandler | null): void {
    if (request && handler) this.retried = { request, handler };
    this.push(request ? 'closed (retry)' : 'closed');
  }
  /** Resolves once an event has been recorded after this call. */
  next(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }
  private push(event: string): void {
    this.events.push(event);
    this.wake?.();
  }
}

class Recorder implements UpstreamHandler {
  readonly events: string[] = [];
  control: UpstreamControl | null = null;
  readonly settled: Promise<void>;
  private settle!: () => void;
  constructor() {
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }
  onStart(control: UpstreamControl): boolean {
    this.control = control;
    return true;
  }
  onHead(status: number): void {
    this.events.push(`head ${status}`);
  }
  onBody(chunk: Buffer): void {
    this.events.push(`body ${chunk.toString()}`);
  }
  onComplete(): void {
    this.events.push('complete');
    this.settle();
  }
  onError(error: Error): void {
    this.events.push(`error ${error.message}`);
    this.settle();
  }
}

describe(UpstreamConnection.name, () => {
  let server: Server;
  let endpoint: UpstreamEndpoint;
  let reply: (socket: Socket, index: number) => void;

  beforeAll(async () => {
    server = createServer((socket) => {
      let index = 0;
      socket.on('error', () => undefined);
      socket.on('data', (data) => {
        for (let i = data.indexOf('\r\n\r\n'); i >= 0; i = data.indexOf('\r\n\r\n', i + 4)) reply(socket, index++);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    endpoint = { secure: false, host: '127.0.0.1', port, hostHeader: `127.0.0.1:${port}`, tls: undefined, tlsSession: undefined, limits: DEFAULT_PARSER_LIMITS };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const request = (method = 'GET'): UpstreamRequest => ({ method, path: '/', headers: [], body: null });

  it('hands the response to the handler, then offers itself for reuse; destroy() reports it closed once', async () => {
    reply = (socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    const owner = new RecordingOwner();
    const sut = new UpstreamConnection(owner, endpoint);
    const handler = new Recorder();
    sut.send(request(), handler);
    await handler.settled;
    expect(handler.events).toEqual(['head 200', 'body ok', 'complete']);
    expect(owner.events).toEqual(['released']);
    // The exchange is over: an abort that arrives late (a timer) changes nothing.
    sut.abort(handler, new Error('late'));
    expect(handler.events).toEqual(['head 200', 'body ok', 'complete']);
    sut.destroy();
    sut.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(owner.events).toEqual(['released', 'closed']);
  });

  it('hands over body pieces that stay as they were after later reads, with connections reading side by side', async () => {
    // Each response arrives in three writes 10 ms apart (the head split too), and the two connections' writes
    // alternate: a piece kept by the handler must not change when the next read lands.
    let replies = 0;
    reply = (socket) => {
      const fill = 'ab'[replies++].repeat(1000);
      const pieces = ['HTTP/1.1 200 OK\r\nContent-', `Length: 3000\r\n\r\n${fill}`, fill, fill];
      pieces.forEach((piece, i) => setTimeout(() => socket.write(piece), i * 10));
    };
    class Keeper extends Recorder {
      readonly pieces: Buffer[] = [];
      override onBody(chunk: Buffer): void {
        this.pieces.push(chunk);
      }
    }
    const owner = new RecordingOwner();
    const handlers = [new Keeper(), new Keeper()];
    const connections = handlers.map((handler) => {
      const connection = new UpstreamConnection(owner, endpoint);
      connection.send(request(), handler);
      return connection;
    });
    await Promise.all(handlers.map((h) => h.settled));
    for (const connection of connections) connection.destroy();
    const bodies = handlers.map((h) => Buffer.concat(h.pieces).toString()).sort();
    expect(bodies).toEqual(['a'.repeat(3000), 'b'.repeat(3000)]);
    expect(handlers.every((h) => h.pieces.length >= 3)).toBe(true);
  });

  it('completes a close-delimited body at the end of the stream and does not offer itself for reuse', async () => {
    reply = (socket) => socket.end('HTTP/1.1 200 OK\r\n\r\nall of it');
    const owner = new RecordingOwner();
    const handler = new Recorder();
    new UpstreamConnection(owner, endpoint).send(request(), handler);
    await handler.settled;
    expect(handler.events).toEqual(['head 200', 'body all of it', 'complete']);
    expect(owner.events).toEqual(['closed']);
  });

  it('asks for a retry of an idempotent request when the reused connection closes before answering, not of a POST', async () => {
    for (const [method, expected] of [
      ['GET', 'closed (retry)'],
      ['POST', 'closed'],
    ] as const) {
      reply = (socket, index) => (index === 0 ? socket.write('HTTP/1.1 204 No Content\r\n\r\n') : socket.end());
      const owner = new RecordingOwner();
      const sut = new UpstreamConnection(owner, endpoint);
      const first = new Recorder();
      sut.send(request(), first);
      await first.settled;
      const second = new Recorder();
      const closed = owner.next();
      sut.send(request(method), second);
      await closed;
      expect(owner.events).toEqual(['released', expected]);
      if (method === 'GET') {
        expect(owner.retried?.handler).toBe(second);
        expect(second.events).toEqual([]);
      } else expect(second.events).toEqual(['error upstream closed the connection before sending a response']);
    }
  });

  it('fails the exchange of a first request the upstream closes without answering (nothing to retry on)', async () => {
    reply = (socket) => socket.end();
    const owner = new RecordingOwner();
    const handler = new Recorder();
    new UpstreamConnection(owner, endpoint).send(request(), handler);
    await handler.settled;
    expect(handler.events).toEqual(['error upstream closed the connection before sending a response']);
    expect(owner.events).toEqual(['closed']);
  });

  it('aborts the exchange in flight: the handler gets the reason and the socket is closed', async () => {
    reply = () => undefined;
    const owner = new RecordingOwner();
    const sut = new UpstreamConnection(owner, endpoint);
    const handler = new Recorder();
    sut.send(request(), handler);
    sut.abort(handler, new Error('Endpoint request timed out'));
    await handler.settled;
    expect(handler.events).toEqual(['error Endpoint request timed out']);
    expect(owner.events).toEqual(['closed']);
    expect(sut.socket.destroyed).toBe(true);
  });
});
