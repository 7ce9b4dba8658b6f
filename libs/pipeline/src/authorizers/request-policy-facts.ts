import type { PolicyCaller, PolicyFactName, PolicyFacts } from '@app/auth';
import type { CallerIdentity } from '../context/caller-identity';
import type { RequestContext } from '../context/request-context';

const NOTHING: PolicyFacts = Object.freeze({});

/**
 * The request facts a compiled policy's conditions and principals read (CompiledPolicy.facts), and only those: most
 * policies name one or two keys, many none. `aws:SourceVpc` / `aws:SourceVpce` are never filled: nobody reaches the
 * gateway through a VPC endpoint, so those keys are absent (`StringNotEquals` on them holds, `StringEquals` does not).
 */
export function requestPolicyFacts(ctx: RequestContext, needed: ReadonlySet<PolicyFactName>, caller: CallerIdentity | null | undefined): PolicyFacts {
  if (needed.size === 0) return NOTHING;
  const facts: PolicyFacts = {};
  if (needed.has('sourceIp')) facts.sourceIp = ctx.sourceIp;
  if (needed.has('requestTime')) facts.requestTime = ctx.requestTimeEpoch;
  // The client's scheme: TLS to this node, or a trusted proxy's X-Forwarded-Proto (never an untrusted client's).
  if (needed.has('secureTransport')) facts.secureTransport = ctx.clientProto === 'https';
  if (needed.has('userAgent')) facts.userAgent = single(ctx.req.headers['user-agent']);
  if (needed.has('referer')) facts.referer = single(ctx.req.headers.referer);
  if (needed.has('caller') && caller) facts.caller = policyCaller(caller);
  return facts;
}

/** Our SigV4 callers are access keys standing for IAM users named after the key (`…:user/{accessKeyId}`). */
export function policyCaller(caller: CallerIdentity): PolicyCaller {
  const slash = caller.userArn.lastIndexOf('/');
  return { accountId: caller.accountId, userArn: caller.userArn, userId: caller.userId, username: slash < 0 ? undefined : caller.userArn.slice(slash + 1) };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
