import { BlockList, isIP } from 'node:net';

/** What is known about the request when a policy is evaluated; absent facts make conditions on them unknowable. */
export interface PolicyFacts {
  /** The caller's address (`aws:SourceIp`), IPv4 or IPv6. */
  sourceIp?: string;
  /** The SigV4-authenticated caller, matched against a statement's `Principal`; undefined = anonymous. */
  caller?: { accountId: string; userArn: string };
}

/**
 * Evaluates a statement's `Condition` block. Supported: `IpAddress` / `NotIpAddress` (and their `…IfExists` forms)
 * on `aws:SourceIp`, values a single address or CIDR, or a list of them (any may match). Every operator in the block
 * must hold (IAM ANDs them). Returns undefined when the block uses anything else: the caller then errs towards
 * refusing, as the policy's author cannot have meant an unsupported condition to be ignored.
 */
export function evaluateCondition(condition: unknown, facts: PolicyFacts): boolean | undefined {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return undefined;
  let holds = true;
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    const negated = operator === 'NotIpAddress' || operator === 'NotIpAddressIfExists';
    if (!negated && operator !== 'IpAddress' && operator !== 'IpAddressIfExists') return undefined;
    if (block === null || typeof block !== 'object' || Array.isArray(block)) return undefined;
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      // Condition keys are case-insensitive in IAM.
      if (key.toLowerCase() !== 'aws:sourceip') return undefined;
      const list = cidrList(values);
      if (list === undefined) return undefined;
      if (facts.sourceIp === undefined) {
        if (operator.endsWith('IfExists')) continue;
        return undefined;
      }
      const inside = contains(list, facts.sourceIp);
      if (negated ? inside : !inside) holds = false;
    }
  }
  return holds;
}

const lists = new Map<string, BlockList | null>();

/** Compiled once per distinct value list (resource policies are fixed per deployment; authorizer policies repeat). */
function cidrList(values: unknown): BlockList | undefined {
  const items = typeof values === 'string' ? [values] : Array.isArray(values) && values.every((v) => typeof v === 'string') ? (values as string[]) : undefined;
  if (items === undefined || items.length === 0) return undefined;
  const key = items.join(',');
  let list = lists.get(key);
  if (list === undefined) {
    list = compileCidrs(items);
    if (lists.size >= 10_000) lists.clear();
    lists.set(key, list);
  }
  return list ?? undefined;
}

function compileCidrs(items: readonly string[]): BlockList | null {
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

function contains(list: BlockList, ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  if (list.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return true;
  // An IPv4 caller seen as IPv4-mapped IPv6 (and the reverse) is the same address.
  if (family === 6 && ip.toLowerCase().startsWith('::ffff:') && isIP(ip.slice(7)) === 4) return list.check(ip.slice(7), 'ipv4');
  return false;
}

/** `*`, `{"AWS": "*"}`, or the caller's account id / `arn:aws:iam::{account}:root` / user ARN. */
export function principalMatches(principal: unknown, caller: PolicyFacts['caller']): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object' || Array.isArray(principal)) return false;
  const aws = (principal as Record<string, unknown>).AWS;
  const ids = typeof aws === 'string' ? [aws] : Array.isArray(aws) ? aws.filter((v): v is string => typeof v === 'string') : [];
  for (const id of ids) {
    if (id === '*') return true;
    if (caller === undefined) continue;
    if (id === caller.accountId || id === `arn:aws:iam::${caller.accountId}:root` || id === caller.userArn) return true;
  }
  return false;
}
