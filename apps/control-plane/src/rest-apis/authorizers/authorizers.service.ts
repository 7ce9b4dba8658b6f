import { Injectable } from '@nestjs/common';
import { AWS_LIMITS, newResourceId, type RestAuthorizerDoc } from '@app/contracts';
import { badRequest, notFound } from '../../common/aws-error';
import { applyPatchOperations, type PatchRule } from '../../common/patch-operations';
import { compact, Input } from '../shared/input';
import { paginate, type Page } from '../shared/pagination';
import { RestApiLookup } from '../shared/rest-api.lookup';
import { checkLambdaInvocationUri } from '../shared/validation';

const TYPES = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'] as const;
const AUTHORIZER_PATCH: PatchRule[] = [
  { path: '/name', type: 'string', ops: ['replace'] },
  { path: '/type', type: 'string', ops: ['replace'], enum: TYPES },
  { path: '/authType', type: 'string', ops: ['replace', 'remove'] },
  { path: '/authorizerUri', type: 'string', ops: ['replace'] },
  { path: '/authorizerCredentials', type: 'string', ops: ['replace', 'remove'] },
  { path: '/identitySource', type: 'string', ops: ['replace', 'remove'] },
  { path: '/identityValidationExpression', type: 'string', ops: ['replace', 'remove'] },
  { path: '/authorizerResultTtlInSeconds', type: 'integer', ops: ['replace'] },
  { path: '/providerARNs/{arn}', type: 'string', ops: ['add', 'remove', 'replace'], listItem: true },
];
const HEADER_SOURCE = /^method\.request\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const REQUEST_SOURCE = /^(method\.request\.(header|querystring|multivalueheader|multivaluequerystring)\.[^\s,]+|context\.[A-Za-z0-9_.]+|stageVariables\.[A-Za-z0-9_]+)$/;
const USER_POOL_ARN = /^arn:aws:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[\w-]+$/;

/** CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer, DeleteAuthorizer: Lambda TOKEN/REQUEST and Cognito authorizers. */
@Injectable()
export class AuthorizersService {
  constructor(private readonly lookup: RestApiLookup) {}

  async create(apiId: string, body: Record<string, unknown>): Promise<RestAuthorizerDoc> {
    await this.lookup.api(apiId);
    const input = new Input(body);
    const authorizer = compact<RestAuthorizerDoc>({
      id: newResourceId(6),
      name: input.string('name', true),
      type: input.oneOf('type', TYPES, true),
      providerARNs: input.stringList('providerARNs'),
      authType: input.string('authType'),
      authorizerUri: input.string('authorizerUri'),
      authorizerCredentials: input.string('authorizerCredentials'),
      identitySource: input.string('identitySource'),
      identityValidationExpression: input.string('identityValidationExpression'),
      authorizerResultTtlInSeconds: input.integer('authorizerResultTtlInSeconds') ?? AWS_LIMITS.authorizerCacheTtlSeconds.default,
    });
    await this.check(apiId, authorizer);
    return this.lookup.store.components.put(apiId, 'authorizer', authorizer.id, authorizer);
  }

  async get(apiId: string, id: string): Promise<RestAuthorizerDoc> {
    await this.lookup.api(apiId);
    const authorizer = await this.lookup.store.components.get<RestAuthorizerDoc>(apiId, 'authorizer', id);
    if (!authorizer) throw notFound('Invalid Authorizer identifier specified');
    return authorizer;
  }

  async list(apiId: string, query: { position?: string; limit?: string }): Promise<Page<RestAuthorizerDoc>> {
    await this.lookup.api(apiId);
    return paginate(await this.lookup.store.components.list<RestAuthorizerDoc>(apiId, 'authorizer'), query);
  }

  async update(apiId: string, id: string, body: Record<string, unknown>): Promise<RestAuthorizerDoc> {
    const authorizer = applyPatchOperations(await this.get(apiId, id), body.patchOperations, AUTHORIZER_PATCH);
    await this.check(apiId, authorizer);
    return this.lookup.store.components.put(apiId, 'authorizer', id, authorizer);
  }

  async delete(apiId: string, id: string): Promise<void> {
    const authorizer = await this.get(apiId, id);
    for (const resource of await this.lookup.resources(apiId)) {
      for (const method of Object.values(resource.resourceMethods ?? {})) {
        if (method.authorizerId === id) {
          throw badRequest(`Cannot delete authorizer '${authorizer.name}', is referenced in method: ${method.httpMethod}:${resource.path}`);
        }
      }
    }
    await this.lookup.store.components.delete(apiId, 'authorizer', id);
  }

  /** The fields each authorizer type requires (API reference, "CreateAuthorizer"). */
  private async check(apiId: string, authorizer: RestAuthorizerDoc): Promise<void> {
    const { type, identitySource, authorizerResultTtlInSeconds: ttl } = authorizer;
    const maxTtl = AWS_LIMITS.authorizerCacheTtlSeconds.max;
    if (ttl !== undefined && (ttl < 0 || ttl > maxTtl)) throw badRequest(`Invalid authorizerResultTtlInSeconds: ${ttl}. Must be between 0 and ${maxTtl}`);
    if (type === 'COGNITO_USER_POOLS') {
      if (!authorizer.providerARNs?.length) throw badRequest('providerARNs are required for authorizers of type COGNITO_USER_POOLS');
      for (const arn of authorizer.providerARNs) if (!USER_POOL_ARN.test(arn)) throw badRequest(`Invalid provider ARN specified: ${arn}`);
      if (!identitySource || !HEADER_SOURCE.test(identitySource)) throw badRequest(`Invalid identity source specified: ${identitySource ?? '(missing)'}`);
    } else {
      if (!authorizer.authorizerUri) throw badRequest(`authorizerUri is required for authorizers of type ${type}`);
      checkLambdaInvocationUri(authorizer.authorizerUri, 'authorizer URI');
      if (type === 'TOKEN') {
        if (!identitySource || !HEADER_SOURCE.test(identitySource)) {
          throw badRequest(`Invalid identity source specified: ${identitySource ?? '(missing)'}. TOKEN authorizers take one method.request.header.{name}`);
        }
      } else if (identitySource) {
        for (const source of identitySource.split(',').map((s) => s.trim())) {
          if (!REQUEST_SOURCE.test(source)) throw badRequest(`Invalid identity source specified: ${source}`);
        }
      } else if (ttl !== 0) {
        throw badRequest('identitySource is required for REQUEST authorizers unless caching is disabled (authorizerResultTtlInSeconds 0)');
      }
    }
    if (authorizer.identityValidationExpression !== undefined) {
      if (type !== 'TOKEN') throw badRequest('identityValidationExpression is only valid for TOKEN authorizers');
      try {
        new RegExp(authorizer.identityValidationExpression);
      } catch {
        throw badRequest(`Invalid identityValidationExpression: ${authorizer.identityValidationExpression}`);
      }
    }
    const all = await this.lookup.store.components.list<RestAuthorizerDoc>(apiId, 'authorizer');
    if (all.some((other) => other.name === authorizer.name && other.id !== authorizer.id)) {
      throw badRequest(`Authorizer name must be unique. Authorizer ${authorizer.name} already exists in this RestApi.`);
    }
  }
}
