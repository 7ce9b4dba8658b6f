/**
 * A response ready to write. `headers` is flat (`[name, value, name, value, ...]`), the form `res.writeHead`
 * accepts as is, which keeps duplicates such as several `set-cookie` and avoids an object per response.
 */
export interface GatewayResponse {
  statusCode: number;
  headers: string[];
  body: Buffer | string | null;
}

export function findHeader(headers: string[], lowerName: string): number {
  for (let i = 0; i < headers.length; i += 2) if (headers[i].toLowerCase() === lowerName) return i;
  return -1;
}

export function getHeader(headers: string[], lowerName: string): string | undefined {
  const i = findHeader(headers, lowerName);
  return i < 0 ? undefined : headers[i + 1];
}

/** Removes every header of that name (case-insensitively). */
export function removeHeader(headers: string[], lowerName: string): void {
  let w = 0;
  for (let r = 0; r < headers.length; r += 2) {
    if (headers[r].toLowerCase() === lowerName) continue;
    headers[w++] = headers[r];
    headers[w++] = headers[r + 1];
  }
  headers.length = w;
}

export function setHeader(headers: string[], name: string, value: string): void {
  removeHeader(headers, name.toLowerCase());
  headers.push(name, value);
}
