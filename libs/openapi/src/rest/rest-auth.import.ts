import { AWS_LIMITS, newResourceId } from '@app/contracts';
import type { RestAuthorizationType, RestAuthorizerDoc } from '@app/contracts';
import { ImportWarnings, OpenApiImportError, jp } from '../parse/openapi.errors';
import { isObject } from '../parse/openapi.refs';
import type { OpenApiDialect } from '../parse/openapi.parse';

type Json = Record<string, unknown>;

/** What one security scheme means to API Gateway. */
type SchemeMeaning =
  | { kind: 'authorizer'; authorizer: RestAuthorizerDoc }
  | { kind: 'iam' }
  | { kind: 'apiKey' }
  | { kind: 'unsupported' };

export interface MethodAuth {
  authorizationType: RestAuthorizationType;
  authorizerId?: string;
  authorizationScopes?: string[];
  apiKeyRequired: boolean;
}

/** Security schemes (`securityDefinitions` / `components.securitySchemes`) → authorizers, and method security. */
export class RestSecurity {
  readonly authorizers: RestAuthorizerDoc[] = [];
  private readonly schemes = new Map<string, SchemeMeaning>();
  private readonly globalSecurity: unknown;

  constructor(doc: Json, dialect: OpenApiDialect, private readonly warnings: ImportWarnings) {
    const container = dialect === 'swagger2' ? doc.securityDefinitions : isObject(doc.components) ? doc.components.securitySchemes : undefined;
    const at = dialect === 'swagger2' ? '$.securityDefinitions' : '$.components.securitySchemes';
    if (isObject(container)) {
      for (const [name, scheme] of Object.entries(container)) this.schemes.set(name, this.readScheme(name, scheme, jp(at, name)));
    }
    this.globalSecurity = doc.security;
  }

  /** The method's authorization from its `security` (or the document's), refusing more than one authorizer. */
  methodAuth(op: Json, at: string): MethodAuth {
    const security = op.security !== undefined ? op.security : this.globalSecurity;
    const securityAt = op.security !== undefined ? jp(at, 'security') : '$.security';
    const result: MethodAuth = { authorizationType: 'NONE', apiKeyRequired: false };
    if (security === undefined) return result;
    if (!Array.isArray(security)) throw new OpenApiImportError("'security' must be an array", securityAt);
    security.forEach((requirement, i) => {
      const rAt = jp(securityAt, i);
      if (!isObject(requirement)) throw new OpenApiImportError('A security requirement must be an object', rAt);
      for (const [name, scopes] of Object.entries(requirement)) {
        const meaning = this.schemes.get(name) ?? this.undefinedScheme(name, jp(rAt, name));
        if (meaning.kind === 'apiKey') {
          result.apiKeyRequired = true;
          continue;
        }
        if (meaning.kind === 'unsupported') continue;
        if (result.authorizationType !== 'NONE') {
          throw new OpenApiImportError('A method can use only one of IAM authorization or one authorizer', jp(rAt, name));
        }
        if (meaning.kind === 'iam') {
          result.authorizationType = 'AWS_IAM';
          continue;
        }
        const authorizer = meaning.authorizer;
        result.authorizationType = authorizer.type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM';
        result.authorizerId = authorizer.id;
        if (Array.isArray(scopes) && scopes.length > 0) {
          if (authorizer.type !== 'COGNITO_USER_POOLS') {
            this.warnings.add(`Scopes are only used with Cognito user pool authorizers; ignored for '${name}'`, jp(rAt, name));
          } else {
            result.authorizationScopes = scopes.map(String);
          }
        }
      }
    });
    return result;
  }

  /**
   * AWS's own samples use `api_key` without defining it (its exporter always names the API key scheme so); anything
   * else undefined cannot be understood and is ignored with a warning.
   */
  private undefinedScheme(name: string, at: string): SchemeMeaning {
    this.warnings.add(`Security scheme '${name}' is not defined${name === 'api_key' ? '; taken as the API key' : '; ignored'}`, at);
    const meaning: SchemeMeaning = name === 'api_key' ? { kind: 'apiKey' } : { kind: 'unsupported' };
    this.schemes.set(name, meaning);
    return meaning;
  }

  private readScheme(name: string, raw: unknown, at: string): SchemeMeaning {
    if (!isObject(raw)) throw new OpenApiImportError('A security scheme must be an object', at);
    const authType = typeof raw['x-amazon-apigateway-authtype'] === 'string' ? raw['x-amazon-apigateway-authtype'] : undefined;
    const ext = raw['x-amazon-apigateway-authorizer'];
    if (ext !== undefined) return { kind: 'authorizer', authorizer: this.readAuthorizer(name, raw, ext, authType, jp(at, 'x-amazon-apigateway-authorizer')) };
    if (authType && authType.toLowerCase() === 'awssigv4') return { kind: 'iam' };
    if (raw.type === 'apiKey' && String(raw.name).toLowerCase() === 'x-api-key' && raw.in === 'header') return { kind: 'apiKey' };
    this.warnings.add(`Security scheme '${name}' has no API Gateway meaning (not an API key, IAM or authorizer); ignored`, at);
    return { kind: 'unsupported' };
  }

  private readAuthorizer(name: string, scheme: Json, raw: unknown, authType: string | undefined, at: string): RestAuthorizerDoc {
    if (!isObject(raw)) throw new OpenApiImportError('x-amazon-apigateway-authorizer must be an object', at);
    const type = String(raw.type ?? '').toUpperCase();
    if (type !== 'TOKEN' && type !== 'REQUEST' && type !== 'COGNITO_USER_POOLS') {
      throw new OpenApiImportError(
        `Invalid authorizer type '${String(raw.type)}'; expected token, request or cognito_user_pools`,
        jp(at, 'type'),
      );
    }
    const authorizer: RestAuthorizerDoc = { id: newResourceId(), name, type };
    if (authType) authorizer.authType = authType;
    if (type === 'COGNITO_USER_POOLS') {
      if (!Array.isArray(raw.providerARNs) || raw.providerARNs.length === 0) {
        throw new OpenApiImportError("A cognito_user_pools authorizer requires 'providerARNs'", jp(at, 'providerARNs'));
      }
      authorizer.providerARNs = raw.providerARNs.map(String);
    } else {
      if (typeof raw.authorizerUri !== 'string' || raw.authorizerUri === '') {
        throw new OpenApiImportError(`A ${type.toLowerCase()} authorizer requires 'authorizerUri'`, jp(at, 'authorizerUri'));
      }
      authorizer.authorizerUri = raw.authorizerUri;
    }
    if (typeof raw.authorizerCredentials === 'string') authorizer.authorizerCredentials = raw.authorizerCredentials;
    if (typeof raw.identitySource === 'string') authorizer.identitySource = raw.identitySource;
    else if (type !== 'REQUEST' && typeof scheme.name === 'string') authorizer.identitySource = `method.request.header.${scheme.name}`;
    if (type === 'REQUEST' && authorizer.identitySource === undefined && raw.authorizerResultTtlInSeconds !== 0) {
      throw new OpenApiImportError("A request authorizer with caching requires 'identitySource'", jp(at, 'identitySource'));
    }
    if (typeof raw.identityValidationExpression === 'string') {
      authorizer.identityValidationExpression = raw.identityValidationExpression;
    }
    const ttl = raw.authorizerResultTtlInSeconds === undefined ? AWS_LIMITS.authorizerCacheTtlSeconds.default : Number(raw.authorizerResultTtlInSeconds);
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > AWS_LIMITS.authorizerCacheTtlSeconds.max) {
      throw new OpenApiImportError('authorizerResultTtlInSeconds must be an integer between 0 and 3600', jp(at, 'authorizerResultTtlInSeconds'));
    }
    authorizer.authorizerResultTtlInSeconds = ttl;
    this.authorizers.push(authorizer);
    return authorizer;
  }
}
