import type { IncomingMessage } from 'node:http';
import type { InboundRequest } from '../inbound/inbound-request';

export const BODY_TOO_LARGE = Symbol('body too large');
/** The body of a request that announced one and sent no bytes. */
export const EMPTY_BODY = Buffer.alloc(0);

/**
 * Reads the whole body up to `limit` bytes. Resolves BODY_TOO_LARGE as soon as the limit is passed (the rest is
 * not read), and rejects when the client goes away mid-body.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | typeof BODY_TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        resolve(BODY_TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 0 ? EMPTY_BODY : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      if (!req.complete) onError(new Error('client closed the request before its body was complete'));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** True when the request announces a body (Content-Length > 0 or chunked). */
export function hasBody(req: InboundRequest): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}
