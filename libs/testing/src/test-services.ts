/**
 * Where the e2e suites find the machine's Postgres and Redis: TEST_DATABASE_URL / TEST_REDIS_URL, or the local
 * defaults CI starts. Unit specs read the same two variables.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Host and port of a service URL (for a TcpProxy in front of it). */
export function serviceAddress(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  const fallback = parsed.protocol === 'redis:' || parsed.protocol === 'rediss:' ? 6379 : 5432;
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port === '' ? fallback : Number(parsed.port) };
}

/** The same URL (credentials, database, options) reached through a loopback port instead, e.g. a TcpProxy's. */
export function throughLocalPort(url: string, port: number | undefined): string {
  if (port === undefined) return url;
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(port);
  return parsed.toString();
}
