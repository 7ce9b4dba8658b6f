import { request } from 'node:http';

export interface RawResponse {
  status: number;
  /** Header names lower-cased; repeated headers (e.g. `set-cookie`) as arrays, as Node parses them. */
  headers: Record<string, string | string[] | undefined>;
  /** Every header line as received: name, value, name, value, ... */
  rawHeaders: string[];
  body: Buffer;
  text: string;
}

export interface RawRequestOptions {
  method?: string;
  /**
   * Header lines exactly as sent, as a flat `name, value, ...` list: a name may repeat, which `fetch` cannot do
   * (it joins repeats into one line). Include `Host` to address the gateway by host name.
   */
  headers?: string[];
  body?: string | Buffer;
}

/**
 * One HTTP/1.1 request on a fresh connection (no agent: Node sends `Connection: close` after the caller's headers,
 * and `Host` last when the caller gave none), for tests that must control header lines precisely: duplicates, casing, a `Host` other than the URL's.
 */
export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  const target = new URL(url);
  const headers = [...(options.headers ?? [])];
  // Node adds no Host of its own when headers are given as a list.
  if (!headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'host')) headers.push('Host', target.host);
  if (options.body !== undefined && !headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-length')) {
    headers.push('Content-Length', String(Buffer.byteLength(options.body)));
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.method ?? 'GET',
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
