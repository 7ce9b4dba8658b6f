import { compilePolicy, decide, InvalidPolicyError, type CompiledPolicy, type PolicyDecision } from '@app/auth';
import type { RequestContext } from '../context/request-context';
import type { GatewayResponse } from '../stages/gateway-response';
import type { CallerIdentity } from './authorizer-context';
import { requestPolicyFacts } from './request-policy-facts';

/**
 * A REST API's resource policy (RestApiDoc.policy), parsed, validated and compiled once per deployment and evaluated
 * per request for `execute-api:Invoke` on the method ARN, with its conditions and principals. Per request only the
 * facts its conditions name are gathered. How the decision combines with the method's authorization is
 * authorization-flow.ts's.
 */
export class ResourcePolicy {
  private constructor(private readonly policy: CompiledPolicy) {}

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
      return new ResourcePolicy(compilePolicy(doc, 'resource'));
    } catch (error) {
      if (error instanceof InvalidPolicyError) throw new Error(`policy: ${error.message.replace(/^policyDocument\./, '')}`);
      throw error;
    }
  }

  /** `caller`: the SigV4-authenticated caller of an AWS_IAM method; undefined = anonymous. */
  evaluate(ctx: RequestContext, methodArn: string, caller: CallerIdentity | undefined): PolicyDecision {
    return decide(this.policy, methodArn, requestPolicyFacts(ctx, this.policy.facts, caller));
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
