import { verifySigV4 } from '@app/auth';
import type { RequestContext } from '../context/request-context';
import type { GatewayResponse } from '../stages/gateway-response';
import { setHeader } from '../stages/gateway-response';
import type { CallerIdentity } from './authorizer-context';

const SERVICE = 'execute-api';

/**
 * AWS_IAM routes: the request must carry a SigV4 signature (header or presigned query) for service `execute-api`
 * made with one of INVOKE_ACCESS_KEYS. The signature is recomputed over the path and query exactly as the client
 * sent them (so the `/_aws/execute-api/...` path form verifies too) and the body read for the route. There are no
 * IAM user policies here: a valid key may invoke, subject to the API's resource policy.
 */
export class IamAuthentication {
  private readonly lookup: (accessKeyId: string) => string | undefined;

  constructor(
    keys: ReadonlyMap<string, string>,
    private readonly accountId: string,
  ) {
    this.lookup = (id) => keys.get(id);
  }

  async authenticate(ctx: RequestContext): Promise<{ ok: true; caller: CallerIdentity } | { ok: false; response: GatewayResponse }> {
    const url = ctx.req.url ?? '/';
    const q = url.indexOf('?');
    const result = await verifySigV4(
      { method: ctx.method, path: q < 0 ? url : url.slice(0, q), query: ctx.rawQuery, headers: ctx.req.headers, body: ctx.body ?? '' },
      this.lookup,
      { service: SERVICE },
    );
    if (result.ok) {
      const caller: CallerIdentity = {
        accessKey: result.accessKeyId,
        accountId: this.accountId,
        userId: result.accessKeyId,
        userArn: `arn:aws:iam::${this.accountId}:user/${result.accessKeyId}`,
      };
      return { ok: true, caller };
    }
    ctx.authorizer = { error: result.reason };
    return { ok: false, response: this.refuse(ctx, result.awsErrorType, result.reason) };
  }

  private refuse(ctx: RequestContext, awsErrorType: string, reason: string): GatewayResponse {
    const missing = awsErrorType === 'MissingAuthenticationTokenException';
    if (ctx.stage.protocol === 'HTTP') {
      // HTTP APIs have no MISSING_AUTHENTICATION_TOKEN response of their own (it would read 404 Not Found there).
      return ctx.stage.responses.respond(ctx, 'ACCESS_DENIED', missing ? 'Forbidden' : reason);
    }
    if (missing) return ctx.stage.responses.respond(ctx, 'MISSING_AUTHENTICATION_TOKEN');
    const response = ctx.stage.responses.respond(ctx, 'INVALID_SIGNATURE', reason);
    // The error type names what failed (UnrecognizedClientException, IncompleteSignatureException, ...), as on AWS.
    setHeader(response.headers, 'x-amzn-ErrorType', awsErrorType);
    return response;
  }
}
