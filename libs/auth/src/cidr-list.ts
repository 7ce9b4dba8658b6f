import { BlockList, isIP } from 'node:net';

/**
 * The addresses and CIDR ranges of an `IpAddress` / `NotIpAddress` condition, compiled once per distinct list
 * (resource policies are fixed per deployment; authorizer policies repeat). A bare address means /32 (IPv4) or /128
 * (IPv6). undefined when an entry is not an address or range: the condition cannot be evaluated.
 */
export function cidrList(items: readonly string[]): BlockList | undefined {
  const key = items.join(',');
  let list = lists.get(key);
  if (list === undefined) {
    list = compileCidrs(items);
    if (lists.size >= 10_000) lists.clear();
    lists.set(key, list);
  }
  return list ?? undefined;
}

/** False for a value that is no IP address (IAM: such a value does not match). */
export function cidrContains(list: BlockList, ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  if (list.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return true;
  // An IPv4 caller seen as IPv4-mapped IPv6 (and the reverse) is the same address.
  if (family === 6 && ip.toLowerCase().startsWith('::ffff:') && isIP(ip.slice(7)) === 4) return list.check(ip.slice(7), 'ipv4');
  return false;
}

const lists = new Map<string, BlockList | null>();

/** Addresses and `address/bits` ranges (IPv4 or IPv6) in one BlockList; null when an entry is neither. */
export function compileCidrs(items: readonly string[]): BlockList | null {
  const list = new BlockList();
  for (const item of items) {
    const slash = item.indexOf('/');
    const address = slash < 0 ? item : item.slice(0, slash);
    const family = isIP(address);
    if (family === 0) return null;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const bits = slash < 0 ? (family === 4 ? 32 : 128) : Number(item.slice(slash + 1));
    if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) return null;
    list.addSubnet(address, bits, type);
  }
  return list;
}
