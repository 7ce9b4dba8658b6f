import { AWS_LIMITS, newResourceId } from '@app/contracts';
import type { V2AuthorizationType, V2AuthorizerDoc } from '@app/contracts';
import { ImportWarnings, OpenApiImportError, jp } from '../parse/openapi.errors';
import { isObject } from '../parse/openapi.refs';

type Json = Record<string, unknown>;

type SchemeMeaning = { kind: 'authorizer'; authorizer: V2AuthorizerDoc } | { kind: 'iam' } | { kind: 'unsupported' };

export interface RouteAuth {
  authorizationType: V2AuthorizationType;
  authorizerId?: string;
  authorizationScopes?: string[];
}

/** HTTP API security schemes → JWT and Lambda (REQUEST) authorizers; route security → authorization. */
export class HttpSecurity {
  readonly authorizers: V2AuthorizerDoc[] = [];
  private readonly schemes = new Map<string, SchemeMeaning>();

  constructor(private readonly doc: Json, private readonly warnings: ImportWarnings) {
    const container = isObject(doc.components) ? doc.components.securitySchemes : undefined;
    if (!isObject(container)) return;
    for (const [name, scheme] of Object.entries(container)) {
      this.schemes.set(name, this.readScheme(name, scheme, jp('$.components.securitySchemes', name)));
    }
  }

  /** HTTP APIs allow one security requirement per route: IAM, a Lambda authorizer or a JWT authorizer. */
  routeAuth(op: Json, at: string): RouteAuth {
    const security = op.security !== undefined ? op.security : this.doc.security;
    const securityAt = op.security !== undefined ? jp(at, 'security') : '$.security';
    if (security === undefined) return { authorizationType: 'NONE' };
    if (!Array.isArray(security)) throw new OpenApiImportError("'security' must be an array", securityAt);
    const entries = security.flatMap((requirement, i) => {
      if (!isObject(requirement)) throw new OpenApiImportError('A security requirement must be an object', jp(securityAt, i));
      return Object.entries(requirement).map(([name, scopes]) => ({ name, scopes, at: jp(jp(securityAt, i), name) }));
    });
    if (entries.length === 0) return { authorizationType: 'NONE' };
    if (entries.length > 1) {
      throw new OpenApiImportError('HTTP APIs support only one security requirement per operation: IAM, a Lambda authorizer or a JWT authorizer', securityAt);
    }
    const { name, scopes, at: entryAt } = entries[0];
    const meaning = this.schemes.get(name);
    if (!meaning) throw new OpenApiImportError(`Security scheme '${name}' is not defined`, entryAt);
    if (meaning.kind === 'unsupported') return { authorizationType: 'NONE' };
    const scopeList = Array.isArray(scopes) ? scopes.map(String) : [];
    if (meaning.kind === 'iam') return { authorizationType: 'AWS_IAM' };
    const authorizer = meaning.authorizer;
    const auth: RouteAuth = { authorizationType: authorizer.authorizerType === 'JWT' ? 'JWT' : 'CUSTOM', authorizerId: authorizer.authorizerId };
    if (scopeList.length > 0) {
      if (authorizer.authorizerType === 'JWT') auth.authorizationScopes = scopeList;
      else this.warnings.add(`Authorization scopes apply to JWT authorizers only; ignored for '${name}'`, entryAt);
    }
    return auth;
  }

  private readScheme(name: string, raw: unknown, at: string): SchemeMeaning {
    if (!isObject(raw)) throw new OpenApiImportError('A security scheme must be an object', at);
    const ext = raw['x-amazon-apigateway-authorizer'];
    if (ext !== undefined) return { kind: 'authorizer', authorizer: this.readAuthorizer(name, raw, ext, jp(at, 'x-amazon-apigateway-authorizer')) };
    const authType = raw['x-amazon-apigateway-authtype'];
    if (typeof authType === 'string' && authType.toLowerCase() === 'awssigv4') return { kind: 'iam' };
    this.warnings.add(`Security scheme '${name}' is not an IAM, Lambda or JWT authorizer; ignored`, at);
    return { kind: 'unsupported' };
  }

  private readAuthorizer(name: string, scheme: Json, raw: unknown, at: string): V2AuthorizerDoc {
    if (!isObject(raw)) throw new OpenApiImportError('x-amazon-apigateway-authorizer must be an object', at);
    const type = String(raw.type ?? '').toLowerCase();
    const identitySource = identitySources(raw.identitySource, jp(at, 'identitySource'));
    const authorizer: V2AuthorizerDoc = { authorizerId: newResourceId(6), name, authorizerType: type === 'jwt' ? 'JWT' : 'REQUEST' };
    if (type === 'jwt') {
      const config = isObject(raw.jwtConfiguration) ? raw.jwtConfiguration : {};
      let issuer = typeof config.issuer === 'string' ? config.issuer : undefined;
      if (issuer === undefined && typeof scheme.openIdConnectUrl === 'string') {
        issuer = scheme.openIdConnectUrl.replace(/\/\.well-known\/openid-configuration\/?$/, '');
      }
      if (!issuer) throw new OpenApiImportError("A JWT authorizer requires 'jwtConfiguration.issuer' or an openIdConnectUrl", jp(at, 'jwtConfiguration'));
      authorizer.jwtConfiguration = { issuer };
      if (Array.isArray(config.audience)) authorizer.jwtConfiguration.audience = config.audience.map(String);
      authorizer.identitySource = identitySource ?? ['$request.header.Authorization'];
      return this.keep(authorizer);
    }
    if (type !== 'request') {
      throw new OpenApiImportError(`Invalid authorizer type '${String(raw.type)}' for an HTTP API; expected jwt or request`, jp(at, 'type'));
    }
    if (typeof raw.authorizerUri !== 'string' || raw.authorizerUri === '') {
      throw new OpenApiImportError("A request authorizer requires 'authorizerUri'", jp(at, 'authorizerUri'));
    }
    authorizer.authorizerUri = raw.authorizerUri;
    const version = raw.authorizerPayloadFormatVersion === undefined ? undefined : typeof raw.authorizerPayloadFormatVersion === 'number' ? raw.authorizerPayloadFormatVersion.toFixed(1) : String(raw.authorizerPayloadFormatVersion);
    if (version !== '1.0' && version !== '2.0') {
      throw new OpenApiImportError("A request authorizer requires 'authorizerPayloadFormatVersion' 1.0 or 2.0", jp(at, 'authorizerPayloadFormatVersion'));
    }
    authorizer.authorizerPayloadFormatVersion = version;
    if (raw.enableSimpleResponses !== undefined) {
      if (raw.enableSimpleResponses === true && version !== '2.0') {
        throw new OpenApiImportError('enableSimpleResponses requires authorizerPayloadFormatVersion 2.0', jp(at, 'enableSimpleResponses'));
      }
      authorizer.enableSimpleResponses = raw.enableSimpleResponses === true;
    }
    const ttl = raw.authorizerResultTtlInSeconds === undefined ? 0 : Number(raw.authorizerResultTtlInSeconds);
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > AWS_LIMITS.authorizerCacheTtlSeconds.max) {
      throw new OpenApiImportError('authorizerResultTtlInSeconds must be an integer between 0 and 3600', jp(at, 'authorizerResultTtlInSeconds'));
    }
    authorizer.authorizerResultTtlInSeconds = ttl;
    if (ttl > 0 && !identitySource) {
      throw new OpenApiImportError("A request authorizer with caching requires 'identitySource'", jp(at, 'identitySource'));
    }
    if (identitySource) authorizer.identitySource = identitySource;
    if (typeof raw.authorizerCredentials === 'string') authorizer.authorizerCredentialsArn = raw.authorizerCredentials;
    return this.keep(authorizer);
  }

  private keep(authorizer: V2AuthorizerDoc): V2AuthorizerDoc {
    this.authorizers.push(authorizer);
    return authorizer;
  }
}

/** A comma-separated string (the extension's documented form) or an array. */
function identitySources(value: unknown, at: string): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : undefined;
  if (!list) throw new OpenApiImportError('identitySource must be a string or an array of strings', at);
  return list.map((s) => s.trim()).filter(Boolean);
}
