/**
 * What the gateway knows about a request when it evaluates a policy. A field left undefined is a condition key
 * absent from the request context (IAM semantics: positive operators do not match it, negated ones do, `…IfExists`
 * and `Null` test for it). Callers fill only the facts a compiled policy names (CompiledPolicy.facts).
 */
export interface PolicyFacts {
  /** `aws:SourceIp`: the caller's address, IPv4 or IPv6. */
  sourceIp?: string;
  /** `aws:SourceVpc` / `aws:SourceVpce`: only set for requests through a VPC (endpoint); never here. */
  sourceVpc?: string;
  sourceVpce?: string;
  /** `aws:CurrentTime` and `aws:EpochTime`: when the request arrived, in ms since the epoch. */
  requestTime?: number;
  /** `aws:SecureTransport`: the request came over TLS. */
  secureTransport?: boolean;
  /** `aws:UserAgent` and `aws:Referer`: present only when the caller sent the header. */
  userAgent?: string;
  referer?: string;
  /**
   * The SigV4-authenticated caller (`aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:userid`, `aws:username`,
   * `aws:PrincipalType`; a statement's `Principal`). Undefined = anonymous: those keys are absent.
   */
  caller?: PolicyCaller;
}

export interface PolicyCaller {
  accountId: string;
  userArn: string;
  userId?: string;
  /** The IAM user's friendly name (the last part of its ARN). */
  username?: string;
}

export type PolicyFactName = keyof PolicyFacts;

interface ConditionKey {
  fact: PolicyFactName;
  read(facts: PolicyFacts): string | undefined;
}

/**
 * The global condition keys API Gateway offers to resource policies (apigateway-resource-policies-aws-condition-keys.md)
 * that the gateway can know, by lower-cased name (key names are case-insensitive). Any other key — `aws:SourceArn`,
 * `aws:PrincipalOrgID`, `aws:PrincipalTag/…`, `aws:TokenIssueTime`, `aws:MultiFactorAuth…`, service keys — is absent
 * from every request here: there are no organisations, tags, temporary credentials or VPC endpoints.
 */
const CONDITION_KEYS: ReadonlyMap<string, ConditionKey> = new Map<string, ConditionKey>([
  ['aws:sourceip', { fact: 'sourceIp', read: (f) => f.sourceIp }],
  ['aws:sourcevpc', { fact: 'sourceVpc', read: (f) => f.sourceVpc }],
  ['aws:sourcevpce', { fact: 'sourceVpce', read: (f) => f.sourceVpce }],
  ['aws:currenttime', { fact: 'requestTime', read: (f) => (f.requestTime === undefined ? undefined : isoSeconds(f.requestTime)) }],
  ['aws:epochtime', { fact: 'requestTime', read: (f) => (f.requestTime === undefined ? undefined : String(Math.floor(f.requestTime / 1000))) }],
  ['aws:securetransport', { fact: 'secureTransport', read: (f) => (f.secureTransport === undefined ? undefined : String(f.secureTransport)) }],
  ['aws:useragent', { fact: 'userAgent', read: (f) => f.userAgent }],
  ['aws:referer', { fact: 'referer', read: (f) => f.referer }],
  ['aws:principalaccount', { fact: 'caller', read: (f) => f.caller?.accountId }],
  ['aws:principalarn', { fact: 'caller', read: (f) => f.caller?.userArn }],
  ['aws:userid', { fact: 'caller', read: (f) => f.caller?.userId }],
  ['aws:username', { fact: 'caller', read: (f) => f.caller?.username }],
  // Our SigV4 callers are access keys standing for IAM users.
  ['aws:principaltype', { fact: 'caller', read: (f) => (f.caller ? 'User' : undefined) }],
]);

/** The fact a condition key reads, or undefined for a key that is always absent here. */
export function factOfKey(lowerKey: string): PolicyFactName | undefined {
  return CONDITION_KEYS.get(lowerKey)?.fact;
}

/** The key's value in this request; undefined = absent. */
export function readConditionKey(lowerKey: string, facts: PolicyFacts): string | undefined {
  return CONDITION_KEYS.get(lowerKey)?.read(facts);
}

/** `2024-05-01T12:00:00Z`, the form IAM gives aws:CurrentTime. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
