import { evaluateCondition, principalMatches, type PolicyFacts } from './policy-condition';

/**
 * Evaluation of the IAM policy a Lambda authorizer returns, for the one action API Gateway asks about
 * (`execute-api:Invoke`) on the request's method ARN. IAM rules: an explicit Deny wins over any Allow; without a
 * matching Allow the request is implicitly denied. Action and Resource (or NotAction / NotResource) may be strings
 * or arrays, Statement an object or array; `*` matches any run of characters and `?` one character, matched per
 * ARN segment (partition, service, region, account are colon-separated; the resource part may contain `/`).
 */
export type PolicyDecision = 'Allow' | 'Deny' | 'ImplicitDeny';

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: unknown;
  /** Resource policies only: who the statement is about. */
  Principal?: unknown;
  Sid?: string;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/** A policy API Gateway could not use; the authorizer answers 500 AUTHORIZER_CONFIGURATION_ERROR. */
export class InvalidPolicyError extends Error {
  override readonly name = 'InvalidPolicyError';
}

const INVOKE_ACTION = 'execute-api:invoke';

/**
 * Without `facts`, statements with a `Condition` are not evaluated (no request facts here) and `Principal` is not
 * looked at: an Allow with a Condition never grants, a Deny with a Condition always applies. With `facts` (resource
 * policies, and authorizer policies when the gateway knows the caller), `aws:SourceIp` conditions and principals are
 * evaluated; a condition using anything else still errs towards refusing, never towards granting.
 */
export function evaluatePolicy(policy: unknown, methodArn: string, facts?: PolicyFacts): PolicyDecision {
  return evaluateStatements(validatePolicy(policy), methodArn, facts);
}

/** As evaluatePolicy, for statements validated once (e.g. a resource policy compiled at deploy). */
export function evaluateStatements(statements: readonly PolicyStatement[], methodArn: string, facts?: PolicyFacts): PolicyDecision {
  let allowed = false;
  for (const s of statements) {
    if (!statementMatches(s, methodArn)) continue;
    if (facts !== undefined && s.Principal !== undefined && !principalMatches(s.Principal, facts.caller)) continue;
    const condition = s.Condition === undefined ? true : facts === undefined ? undefined : evaluateCondition(s.Condition, facts);
    if (condition === false) continue;
    if (s.Effect === 'Deny') return 'Deny';
    if (condition === true) allowed = true;
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}

/** Checks the shape once (e.g. before caching) and returns the statements as an array. */
export function validatePolicy(policy: unknown): PolicyStatement[] {
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) throw new InvalidPolicyError('policyDocument must be an object');
  const raw = (policy as { Statement?: unknown }).Statement;
  if (raw === undefined || raw === null) throw new InvalidPolicyError('policyDocument.Statement is missing');
  const statements = (Array.isArray(raw) ? raw : [raw]) as unknown[];
  statements.forEach((s, i) => {
    const at = `policyDocument.Statement[${i}]`;
    if (s === null || typeof s !== 'object' || Array.isArray(s)) throw new InvalidPolicyError(`${at} must be an object`);
    const st = s as Record<string, unknown>;
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw new InvalidPolicyError(`${at}.Effect must be "Allow" or "Deny"`);
    if ((st.Action === undefined) === (st.NotAction === undefined)) throw new InvalidPolicyError(`${at} needs exactly one of Action or NotAction`);
    if ((st.Resource === undefined) === (st.NotResource === undefined)) throw new InvalidPolicyError(`${at} needs exactly one of Resource or NotResource`);
    for (const field of ['Action', 'NotAction', 'Resource', 'NotResource']) {
      const v = st[field];
      if (v !== undefined && !isStringOrStrings(v)) throw new InvalidPolicyError(`${at}.${field} must be a string or an array of strings`);
    }
  });
  return statements as PolicyStatement[];
}

function isStringOrStrings(v: unknown): boolean {
  return typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'));
}

function statementMatches(s: PolicyStatement, methodArn: string): boolean {
  const actionHit = s.Action !== undefined ? anyMatch(s.Action, actionMatches) : !anyMatch(s.NotAction!, actionMatches);
  if (!actionHit) return false;
  const resourceMatches = (pattern: string) => arnMatches(pattern, methodArn);
  return s.Resource !== undefined ? anyMatch(s.Resource, resourceMatches) : !anyMatch(s.NotResource!, resourceMatches);
}

function anyMatch(value: string | string[], test: (pattern: string) => boolean): boolean {
  if (typeof value === 'string') return test(value);
  for (const v of value) if (test(v)) return true;
  return false;
}

/** Action names are case-insensitive in IAM. */
function actionMatches(pattern: string): boolean {
  return globRegex(pattern.toLowerCase()).test(INVOKE_ACTION);
}

/** `*` alone matches any resource; otherwise the first five colon-separated segments match one by one. */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (p === undefined || a === undefined) return false;
  for (let i = 0; i < 6; i++) if (!globRegex(p[i]).test(a[i])) return false;
  return true;
}

function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const at = arn.indexOf(':', from);
    if (at < 0) return undefined;
    parts.push(arn.slice(from, at));
    from = at + 1;
  }
  parts.push(arn.slice(from));
  return parts;
}

/** Compiled patterns, bounded: authorizers return a handful of distinct patterns, each used for many requests. */
const compiled = new Map<string, RegExp>();

function globRegex(glob: string): RegExp {
  let re = compiled.get(glob);
  if (re === undefined) {
    const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, 's');
    if (compiled.size >= 10_000) compiled.clear();
    compiled.set(glob, re);
  }
  return re;
}
