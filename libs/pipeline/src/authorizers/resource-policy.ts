import { evaluateStatements, InvalidPolicyError, validatePolicy, type PolicyDecision, type PolicyFacts, type PolicyStatement } from '@app/auth';
import type { RequestContext } from '../context/request-context';
import type { GatewayResponse } from '../stages/gateway-response';
import type { CallerIdentity } from './authorizer-context';

/**
 * A REST API's resource policy (RestApiDoc.policy), parsed and validated once per deployment and evaluated per
 * request for `execute-api:Invoke` on the method ARN, with `aws:SourceIp` conditions and principals
 * (apigateway-authorization-flow.md). How the decision combines with the method's authorization is the caller's.
 */
export class ResourcePolicy {
  private constructor(private readonly statements: readonly PolicyStatement[]) {}

  /** undefined when the API has no policy; throws naming the fault when the policy cannot be used. */
  static compile(policy: string | undefined): ResourcePolicy | undefined {
    if (policy === undefined || policy.trim() === '') return undefined;
    let doc: unknown;
    try {
      doc = JSON.parse(policy);
    } catch (error) {
      throw new Error(`policy is not JSON: ${(error as Error).message}`);
    }
    try {
      return new ResourcePolicy(validatePolicy(doc));
    } catch (error) {
      if (error instanceof InvalidPolicyError) throw new Error(`policy: ${error.message.replace(/^policyDocument\./, '')}`);
      throw error;
    }
  }

  evaluate(methodArn: string, sourceIp: string, caller: CallerIdentity | undefined): PolicyDecision {
    const facts: PolicyFacts = { sourceIp, caller: caller ? { accountId: caller.accountId, userArn: caller.userArn } : undefined };
    return evaluateStatements(this.statements, methodArn, facts);
  }
}

/**
 * AWS's denial for a resource policy: 403 ACCESS_DENIED whose default body is `{"Message": "User: anonymous is not
 * authorized to perform: execute-api:Invoke on resource: <arn>[ with an explicit deny]"}` — capital `Message`, and
 * the account id in the ARN masked down to its last four digits.
 */
export function resourcePolicyDenial(
  ctx: RequestContext,
  methodArn: string,
  accountId: string,
  decision: 'Deny' | 'ImplicitDeny',
  caller: CallerIdentity | undefined,
  defaultBody: boolean,
): GatewayResponse {
  const who = caller ? caller.userArn : 'anonymous';
  const message = `User: ${who} is not authorized to perform: execute-api:Invoke on resource: ${maskAccount(methodArn, accountId)}${decision === 'Deny' ? ' with an explicit deny' : ''}`;
  const response = ctx.stage.responses.respond(ctx, 'ACCESS_DENIED', message);
  if (defaultBody) response.body = JSON.stringify({ Message: message });
  return response;
}

export function maskAccount(arn: string, accountId: string): string {
  const masked = '*'.repeat(Math.max(0, accountId.length - 4)) + accountId.slice(-4);
  return arn.replace(`:${accountId}:`, `:${masked}:`);
}
