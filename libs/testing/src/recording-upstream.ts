import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  /** Header lines as received: name, value, ... */
  rawHeaders: string[];
  /** Header names lower-cased, repeats comma-joined (Node's parsing). */
  headers: IncomingMessage['headers'];
  body: string;
}

export interface UpstreamReply {
  status: number;
  /** Flat `name, value, ...` list; names may repeat. */
  headers?: string[];
  body?: string;
  /** Wait this long before answering (integration timeout tests). */
  delayMs?: number;
}

export interface RecordingUpstream {
  /** `http://127.0.0.1:{port}`. */
  url: string;
  port: number;
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** The reply for the next requests; the default answers 200 `ok`. */
  reply: (req: RecordedRequest) => UpstreamReply;
  close(): Promise<void>;
}

/** A real HTTP backend on 127.0.0.1 and an ephemeral port that records what it received, for HTTP_PROXY tests. */
export async function startRecordingUpstream(): Promise<RecordingUpstream> {
  const timers = new Set<NodeJS.Timeout>();
  const upstream: RecordingUpstream = {
    url: '',
    port: 0,
    requests: [],
    reply: () => ({ status: 200, body: 'ok' }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        rawHeaders: req.rawHeaders,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      upstream.requests.push(recorded);
      const reply = upstream.reply(recorded);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, reply.headers ?? []);
        res.end(reply.body ?? '');
      };
      if (!reply.delayMs) return send();
      const t = setTimeout(() => {
        timers.delete(t);
        send();
      }, reply.delayMs);
      timers.add(t);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.port = (server.address() as AddressInfo).port;
  upstream.url = `http://127.0.0.1:${upstream.port}`;
  return upstream;
}

/** A loopback port nothing listens on (bound, then released), for "backend down" tests. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
