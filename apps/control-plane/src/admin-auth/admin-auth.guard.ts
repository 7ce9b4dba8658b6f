import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { verifySigV4 } from '@app/auth';
import { RUNTIME, type Runtime } from '@app/platform';
import { AwsError } from '../common/aws-error';

/** Signing names of the AWS APIs the control plane speaks (apigateway v1 and v2 share `apigateway`). */
const ADMIN_SERVICES = ['apigateway', 'lambda'] as const;

/**
 * Every management request must be SigV4-signed by a key in ADMIN_ACCESS_KEYS, verified by recomputing the signature
 * (canonical request, signed headers, payload hash, date skew) — except in local mode, and except the health
 * endpoints orchestrators probe. Runs after body parsing, because the payload is part of what is signed.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.runtime.config.mode === 'local') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const url = request.raw.url ?? '/';
    const [path, query = ''] = splitOnce(url, '?');
    if (path.startsWith('/health/')) return true;
    const body = Buffer.isBuffer(request.body) ? request.body : undefined;
    const result = await verifySigV4(
      { method: request.method, path, query, headers: request.headers, body },
      (accessKeyId) => this.runtime.config.adminAccessKeys.get(accessKeyId),
      { service: ADMIN_SERVICES },
    );
    if (!result.ok) throw new AwsError(result.statusCode, result.awsErrorType, result.reason);
    return true;
  }
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at === -1 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
