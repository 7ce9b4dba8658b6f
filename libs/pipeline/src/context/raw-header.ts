import type { IncomingMessage } from 'node:http';

/**
 * A request header by lower-case name, read from `req.rawHeaders`. The first read of `req.headers` makes Node build
 * an object of every header line, which the proxy path never needs otherwise. `joined`: repeated lines come back
 * joined with ', ' (what `req.headers` does for ordinary headers such as X-Forwarded-For); otherwise the first line
 * wins (what it does for Host, Content-Length and the other single-valued ones).
 */
export function rawHeader(req: IncomingMessage, lowerName: string, joined = false): string | undefined {
  const raw = req.rawHeaders;
  const length = lowerName.length;
  let found: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length !== length || name.toLowerCase() !== lowerName) continue;
    if (!joined) return raw[i + 1];
    found = found === undefined ? raw[i + 1] : `${found}, ${raw[i + 1]}`;
  }
  return found;
}
