import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface RawUpstream {
  server: Server;
  /** Connections accepted, and every request head (request line and header lines, no CRLFCRLF) in arrival order. */
  state: { connections: number; heads: string[] };
  /** `http://127.0.0.1:{port}`. */
  origin: string;
}

/**
 * An upstream speaking raw HTTP/1.1 on 127.0.0.1, so a test writes the exact response bytes: interim 1xx answers,
 * bodies split across writes, malformed framing, answers after a delay. Each request (its Content-Length body read
 * past) is handed to `onRequest(socket, index on this connection, head)`.
 */
export async function startRawUpstream(onRequest: (socket: Socket, index: number, head: string) => void): Promise<RawUpstream> {
  const state = { connections: 0, heads: [] as string[] };
  const server = createServer((socket) => {
    state.connections++;
    let buffered = '';
    let index = 0;
    socket.on('error', () => undefined);
    socket.on('data', (data) => {
      buffered += data.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n\r\n')) >= 0) {
        const head = buffered.slice(0, end);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.slice(end + 4 + length);
        state.heads.push(head);
        onRequest(socket, index++, head);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, state, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
