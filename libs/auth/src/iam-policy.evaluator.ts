import { arnMatches } from './arn-pattern';
import { globRegex } from './glob-pattern';
import { compileCondition, type CompiledCondition } from './policy-condition';
import type { PolicyFactName, PolicyFacts } from './policy-facts';
import { principalMatches } from './policy-principal';

/**
 * Evaluation of IAM policies — the one a Lambda authorizer returns and a REST API's resource policy — for the one
 * action API Gateway asks about (`execute-api:Invoke`) on the request's method ARN. IAM rules: an explicit Deny wins over any Allow; without a
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
 * Whose policy it is. `identity`: a Lambda authorizer's answer, an identity-based policy about the caller it
 * authorized — a `Principal` element means nothing there and is ignored. `resource`: the API's resource policy,
 * whose statements apply only to the principals they name.
 */
export type PolicyKind = 'identity' | 'resource';

export interface CompiledStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly source: PolicyStatement;
  /** undefined: no `Condition` element. */
  readonly condition: CompiledCondition | undefined;
}

export interface CompiledPolicy {
  readonly kind: PolicyKind;
  readonly statements: readonly CompiledStatement[];
  /** The request facts its conditions, policy variables and principals read; a caller computes only these. */
  readonly facts: ReadonlySet<PolicyFactName>;
}

/** Validates (throwing InvalidPolicyError naming the fault) and compiles every statement's condition. */
export function compilePolicy(policy: unknown, kind: PolicyKind): CompiledPolicy {
  const statements = validatePolicy(policy);
  const variables = (policy as { Version?: unknown }).Version === '2012-10-17';
  const facts = new Set<PolicyFactName>();
  const compiled = statements.map((s): CompiledStatement => {
    const condition = s.Condition === undefined ? undefined : compileCondition(s.Condition, variables);
    if (condition) for (const f of condition.facts) facts.add(f);
    if (kind === 'resource' && s.Principal !== undefined && !isWildcardPrincipal(s.Principal)) facts.add('caller');
    return { effect: s.Effect, source: s, condition };
  });
  return { kind, statements: compiled, facts };
}

/**
 * IAM's decision for `execute-api:Invoke` on `methodArn`. Without `facts` nothing is known about the request, so a
 * statement's `Condition` cannot be evaluated: an Allow with one never grants, a Deny with one always applies. With
 * facts, conditions are evaluated (policy-condition.ts), still erring towards refusing when one cannot be.
 */
export function decide(policy: CompiledPolicy, methodArn: string, facts?: PolicyFacts): PolicyDecision {
  let allowed = false;
  for (const s of policy.statements) {
    if (!statementMatches(s.source, methodArn)) continue;
    if (policy.kind === 'resource' && s.source.Principal !== undefined && !principalMatches(s.source.Principal, facts?.caller)) continue;
    const holds = s.condition === undefined ? true : s.condition.evaluate(facts);
    if (holds === false) continue;
    if (s.effect === 'Deny') return 'Deny';
    if (holds === true) allowed = true;
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}

/** compilePolicy + decide, for a policy used once. */
export function evaluatePolicy(policy: unknown, methodArn: string, facts?: PolicyFacts, kind: PolicyKind = 'identity'): PolicyDecision {
  return decide(compilePolicy(policy, kind), methodArn, facts);
}

function isWildcardPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  const aws = principal !== null && typeof principal === 'object' ? (principal as Record<string, unknown>).AWS : undefined;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
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
