import type { Socket } from 'node:net';

/** The socket fields the `onread` option of `net.connect` fills in, found by their symbols' descriptions. */
interface ReadFields {
  buffer: symbol;
  callback: symbol;
}

let fields: ReadFields | null | undefined;

function readFields(socket: Socket): ReadFields | null {
  if (fields !== undefined) return fields;
  const symbols = Object.getOwnPropertySymbols(socket);
  const buffer = symbols.find((s) => s.description === 'kBuffer');
  const callback = symbols.find((s) => s.description === 'kBufferCb');
  fields = buffer && callback ? { buffer, callback } : null;
  return fields;
}

type Fields = Record<symbol, unknown> & { _handle?: { useUserBuffer?: (buffer: Buffer) => void } | null };

/**
 * Makes a socket a server accepted read into `buffer`, as the `onread` option of `net.connect` does for a socket we
 * open (Node.js 20 has no such option for accepted ones): each read's bytes are in `buffer` until `onRead(length)`
 * returns, and the socket emits no 'data' (it still emits 'end', 'error' and 'close'; pause() and resume() still stop
 * and start reading).
 *
 * Why: every read of a plain socket otherwise costs a new ArrayBuffer, which every scavenge then sweeps, and a trip
 * through the Readable stream (push, addChunk, emit, and a nextTick for maybeReadMore) that costs more than the fast
 * path's parse of the request.
 *
 * It sets up what that option sets up: the socket's `kBuffer` and `kBufferCb` fields and the handle's
 * `useUserBuffer`. Where they are not as expected (another Node.js version, a TLS socket, a socket already reading
 * into a buffer) it changes nothing and returns false, and the caller reads 'data' as before.
 */
export function readAcceptedInto(socket: Socket, buffer: Buffer, onRead: (length: number) => void): boolean {
  const found = readFields(socket);
  const target = socket as unknown as Fields;
  const handle = target._handle;
  if (found === null || target[found.buffer] !== null || target[found.callback] !== null || typeof handle?.useUserBuffer !== 'function') return false;
  target[found.buffer] = buffer;
  target[found.callback] = onRead;
  handle.useUserBuffer(buffer);
  return true;
}

/**
 * For a socket set up by `readAcceptedInto` that moves on to other readers (node:http): from now on each read is
 * copied and pushed through the socket's stream, so 'data' listeners see every byte again. (node:http mostly reads
 * the handle itself, from C++, and never gets here.)
 */
export function pushAcceptedReads(socket: Socket, buffer: Buffer): void {
  const target = socket as unknown as Fields;
  // push's answer is the stream's back-pressure: false stops reading until the stream is read from.
  target[fields!.callback] = (length: number) => socket.push(Buffer.from(buffer.subarray(0, length)));
}
