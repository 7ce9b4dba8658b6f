import type { CachedAuthorization } from './authorizer-cache';
import { InvalidPolicyError, validatePolicy } from './iam-policy.evaluator';

/** Thrown for an authorizer answer API Gateway cannot use; it becomes 500 AUTHORIZER_CONFIGURATION_ERROR. */
export class InvalidAuthorizerResponseError extends Error {
  override readonly name = 'InvalidAuthorizerResponseError';
}

/**
 * Validates a Lambda authorizer's return value. Policy form: `principalId` (string), `policyDocument`, optional
 * `context` and `usageIdentifierKey`. Simple form (HTTP payload 2.0 with enableSimpleResponses): `isAuthorized`
 * boolean and optional `context`. REST contexts may hold only string/number/boolean values; HTTP API contexts may
 * also hold arrays and maps.
 */
export function parseAuthorizerResponse(value: unknown, form: 'policy' | 'simple', protocol: 'REST' | 'HTTP'): CachedAuthorization {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidAuthorizerResponseError('authorizer response must be a JSON object');
  }
  const r = value as Record<string, unknown>;
  const context = parseContext(r.context, protocol);
  if (form === 'simple') {
    if (typeof r.isAuthorized !== 'boolean') throw new InvalidAuthorizerResponseError('isAuthorized must be a boolean');
    return { isAuthorized: r.isAuthorized, context };
  }
  if (typeof r.principalId !== 'string') throw new InvalidAuthorizerResponseError('principalId must be a string');
  try {
    validatePolicy(r.policyDocument);
  } catch (err) {
    if (err instanceof InvalidPolicyError) throw new InvalidAuthorizerResponseError(err.message);
    throw err;
  }
  if (r.usageIdentifierKey !== undefined && typeof r.usageIdentifierKey !== 'string') {
    throw new InvalidAuthorizerResponseError('usageIdentifierKey must be a string');
  }
  const out: CachedAuthorization = { principalId: r.principalId, policyDocument: r.policyDocument, context };
  if (r.usageIdentifierKey !== undefined) out.usageIdentifierKey = r.usageIdentifierKey as string;
  return out;
}

function parseContext(raw: unknown, protocol: 'REST' | 'HTTP'): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidAuthorizerResponseError('context must be an object');
  for (const [key, v] of Object.entries(raw)) {
    const primitive = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    if (primitive) continue;
    if (protocol === 'HTTP' && v !== null && typeof v === 'object') continue;
    throw new InvalidAuthorizerResponseError(`context.${key} must be a string, number or boolean`);
  }
  return raw as Record<string, unknown>;
}
