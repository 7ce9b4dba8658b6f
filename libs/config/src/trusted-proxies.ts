import { isIP } from 'node:net';
import { ConfigError } from './config-error';

/**
 * Names TRUSTED_PROXIES accepts for common ranges (as Express's `trust proxy` spells them), so a compose file or a
 * Kubernetes manifest need not list the private networks its load balancer may sit in.
 */
export const TRUSTED_PROXY_SHORTHANDS: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
};

/**
 * TRUSTED_PROXIES (comma-separated addresses, CIDR ranges and shorthands) as `address/bits` ranges, shorthands
 * expanded, duplicates dropped. Unset or empty: no range, nobody is trusted. A typo stops the process at boot: a
 * wrong range silently trusting (or ignoring) a proxy would misreport every caller's address.
 */
export function parseTrustedProxies(value: string | undefined): readonly string[] {
  const ranges = new Set<string>();
  if (value === undefined) return [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const shorthand = TRUSTED_PROXY_SHORTHANDS[entry.toLowerCase()];
    if (shorthand) {
      for (const range of shorthand) ranges.add(range);
      continue;
    }
    ranges.add(cidr(entry));
  }
  return [...ranges];
}

function cidr(entry: string): string {
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family === 0) {
    const names = Object.keys(TRUSTED_PROXY_SHORTHANDS).join(', ');
    throw new ConfigError('TRUSTED_PROXIES', `entries must be IP addresses, CIDR ranges or one of ${names}; got "${entry}"`);
  }
  const max = family === 4 ? 32 : 128;
  if (slash < 0) return `${address}/${max}`;
  const bits = entry.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) {
    throw new ConfigError('TRUSTED_PROXIES', `range "${entry}" needs a prefix length from 0 to ${max}`);
  }
  return `${address}/${Number(bits)}`;
}
