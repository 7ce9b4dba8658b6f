import type { BlockList } from 'node:net';
import { isIP } from 'node:net';
import { compileCidrs } from '@app/auth';

const MAX_REMEMBERED = 10_000;

/**
 * The proxies (load balancers, TLS terminators) allowed to say who the client is, compiled once at start from
 * TRUSTED_PROXIES ranges. Addresses given to it are normalized as the socket reports them with IPv4-mapped IPv6
 * unwrapped, so an IPv4 address never contains ':'.
 */
export class TrustedProxies {
  /**
   * Address → verdict. BlockList.check costs over a microsecond (it builds a native SocketAddress per call), and the
   * peers are few: the proxies, over and over on keep-alive connections. Bounded, since forwarded client addresses
   * pass through here too.
   */
  private readonly verdicts = new Map<string, boolean>();

  private constructor(private readonly ranges: BlockList) {}

  /** null for an empty list: the handler then spends nothing per request on proxies. */
  static compile(ranges: readonly string[] | undefined): TrustedProxies | null {
    if (ranges === undefined || ranges.length === 0) return null;
    const list = compileCidrs(ranges);
    // The config validated these at boot; a bad one here is a wiring bug, not a user's typo.
    if (list === null) {
      const bad = ranges.find((range) => compileCidrs([range]) === null);
      throw new Error(`trusted proxy range "${bad}" is not an address or CIDR range`);
    }
    return new TrustedProxies(list);
  }

  trusts(address: string): boolean {
    let verdict = this.verdicts.get(address);
    if (verdict === undefined) {
      verdict = this.ranges.check(address, address.indexOf(':') < 0 ? 'ipv4' : 'ipv6');
      if (this.verdicts.size >= MAX_REMEMBERED) this.verdicts.clear();
      this.verdicts.set(address, verdict);
    }
    return verdict;
  }

  /**
   * The client's address from a trusted peer's X-Forwarded-For, as nginx's `real_ip_recursive` finds it: walk from
   * the right (each proxy appends the address it got the request from), step over trusted addresses, and stop at the
   * first untrusted one — everything left of it is the client's own word. When every entry is trusted the leftmost
   * wins; an entry that is no address ends the walk with the last good one (the peer itself if it is the rightmost).
   */
  clientAddress(forwardedFor: string | undefined, peer: string): string {
    let client = peer;
    if (forwardedFor === undefined) return client;
    let end = forwardedFor.length;
    while (end > 0) {
      const comma = forwardedFor.lastIndexOf(',', end - 1);
      const entry = forwardedFor.slice(comma + 1, end).trim();
      end = comma;
      if (entry === '') continue; // `a,,b` and a trailing comma are empty list elements, not addresses
      const address = forwardedAddress(entry);
      if (address === null) break;
      client = address;
      if (!this.trusts(address)) break;
    }
    return client;
  }
}

/**
 * One X-Forwarded-For entry as an address: `192.0.2.1`, `2001:db8::1`, and the forms some proxies write with a port
 * (`192.0.2.1:4711`, `[2001:db8::1]:4711`); IPv4-mapped IPv6 unwrapped as the socket address is. null for anything
 * else (`unknown`, obfuscated identifiers, zone ids, garbage).
 */
export function forwardedAddress(entry: string): string | null {
  let address = entry;
  if (address.charCodeAt(0) === 0x5b /* [ */) {
    const close = address.indexOf(']');
    if (close < 0 || !isPortSuffix(address, close + 1)) return null;
    address = address.slice(1, close);
    if (isIP(address) !== 6) return null;
  } else {
    const colon = address.indexOf(':');
    if (colon >= 0 && colon === address.lastIndexOf(':')) {
      // One colon: IPv4 with a port (an IPv6 address has at least two).
      if (!isPortSuffix(address, colon)) return null;
      address = address.slice(0, colon);
      return isIP(address) === 4 ? address : null;
    }
    const family = isIP(address);
    if (family === 0) return null;
    if (family === 4) return address;
  }
  if (address.indexOf('%') >= 0) return null;
  if (address.length > 7 && address.slice(0, 7).toLowerCase() === '::ffff:' && isIP(address.slice(7)) === 4) return address.slice(7);
  return address;
}

/** Nothing at `at`, or `:` and 1–5 digits there to the end. */
function isPortSuffix(text: string, at: number): boolean {
  if (at === text.length) return true;
  if (text.charCodeAt(at) !== 0x3a /* : */) return false;
  const digits = text.length - at - 1;
  if (digits < 1 || digits > 5) return false;
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
