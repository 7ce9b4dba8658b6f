import { type AddressInfo, connect, createServer, type Server, Socket } from 'node:net';
import { pushAcceptedReads, readAcceptedInto } from './accepted-socket-reads';

/** A server whose first accepted socket `accepted` resolves to, and a client connected to it. */
async function acceptOne(): Promise<{ server: Server; accepted: Socket; client: Socket }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
  return { server, accepted: await accepted, client };
}

describe(readAcceptedInto.name, () => {
  let subject: Awaited<ReturnType<typeof acceptOne>>;

  beforeEach(async () => {
    subject = await acceptOne();
  });

  afterEach(async () => {
    subject.client.destroy();
    subject.accepted.destroy();
    await new Promise((resolve) => subject.server.close(resolve));
  });

  it("reads an accepted socket into the caller's buffer, emitting no 'data', and still ends", async () => {
    const buffer = Buffer.alloc(16);
    const reads: string[] = [];
    const data: Buffer[] = [];
    subject.accepted.on('data', (chunk: Buffer) => data.push(chunk));
    expect(readAcceptedInto(subject.accepted, buffer, (length) => void reads.push(buffer.toString('latin1', 0, length)))).toBe(true);
    const ended = new Promise((resolve) => subject.accepted.once('end', resolve));
    subject.client.end('hello, more than sixteen bytes');
    await ended;
    expect(reads.join('')).toBe('hello, more than sixteen bytes');
    expect(reads.every((read) => read.length <= 16)).toBe(true);
    expect(data).toEqual([]);
  });

  it('changes nothing for a socket already reading into a buffer, or one without a handle', () => {
    expect(readAcceptedInto(subject.accepted, Buffer.alloc(8), () => undefined)).toBe(true);
    expect(readAcceptedInto(subject.accepted, Buffer.alloc(8), () => undefined)).toBe(false);
    expect(readAcceptedInto(new Socket(), Buffer.alloc(8), () => undefined)).toBe(false);
  });

  it("hands every later read to 'data' listeners again, as copies", async () => {
    const buffer = Buffer.alloc(16);
    readAcceptedInto(subject.accepted, buffer, () => undefined);
    pushAcceptedReads(subject.accepted, buffer);
    const data: Buffer[] = [];
    subject.accepted.on('data', (chunk: Buffer) => data.push(chunk));
    const ended = new Promise((resolve) => subject.accepted.once('end', resolve));
    subject.client.end('x'.repeat(100));
    await ended;
    expect(Buffer.concat(data).toString()).toBe('x'.repeat(100));
    expect(data.every((chunk) => chunk.buffer !== buffer.buffer)).toBe(true);
  });
});
