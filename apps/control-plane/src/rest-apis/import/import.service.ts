import { Injectable } from '@nestjs/common';
import type { RestApiDoc, RestDefinition, RestStageDoc } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import { apiEndpoint } from '@app/platform';
import {
  OpenApiExportError,
  OpenApiImportError,
  exportRestApi,
  importRestApi,
  mergeRestDefinitions,
  newRestDefinition,
  overwriteRestDefinition,
  serializeOpenApi,
  type BasePathMode,
  type RestImportResult,
} from '@app/openapi';
import { badRequest, notFound } from '../../common/aws-error';
import { SnapshotBuilder } from '../../deployments/snapshot.builder';
import { RestApiLookup } from '../shared/rest-api.lookup';
import { epochSeconds } from '../shared/validation';
import { checkRestApi } from '../rest-apis/rest-apis.service';
import { writeRestDefinition } from './rest-definition.writer';

type Query = Record<string, string | undefined>;
const BASE_PATH_MODES: readonly BasePathMode[] = ['ignore', 'prepend', 'split'];

/** ImportRestApi, PutRestApi (overwrite|merge) and GetExport, through @app/openapi. */
@Injectable()
export class ImportService {
  constructor(private readonly lookup: RestApiLookup) {}

  async importApi(body: unknown, query: Query): Promise<RestApiDoc> {
    const apiId = newResourceId(10);
    const definition = newRestDefinition(this.parse(body, query, apiId), epochSeconds());
    definition.api = checkRestApi({
      apiKeySource: 'HEADER',
      disableExecuteApiEndpoint: false,
      ...definition.api,
      endpointConfiguration: definition.api.endpointConfiguration ?? { types: [endpointType(query)] },
    });
    await writeRestDefinition(this.lookup.store, definition);
    return definition.api;
  }

  async putApi(apiId: string, body: unknown, query: Query): Promise<RestApiDoc> {
    const mode = query.mode ?? 'merge';
    if (mode !== 'merge' && mode !== 'overwrite') throw badRequest(`Invalid mode: '${mode}'. Must be one of: [merge, overwrite]`);
    const api = await this.lookup.api(apiId);
    const imported = this.parse(body, query, apiId);
    const existing = await this.current(api);
    const definition = mode === 'merge' ? mergeRestDefinitions(existing, imported) : overwriteRestDefinition(existing, imported);
    definition.api = checkRestApi(definition.api);
    await writeRestDefinition(this.lookup.store, definition);
    return definition.api;
  }

  async exportStage(apiId: string, stageName: string, exportType: string, accept: string | undefined, query: Query) {
    await this.lookup.api(apiId);
    if (exportType !== 'oas30' && exportType !== 'swagger') throw badRequest(`Invalid export type: '${exportType}'. Must be one of: [oas30, swagger]`);
    const format = !accept || accept.includes('json') || accept === '*/*' ? 'json' : accept.includes('yaml') ? 'yaml' : undefined;
    if (!format) throw badRequest(`Unsupported Accept value: '${accept}'. Must be application/json or application/yaml`);
    const extensions = query.extensions;
    if (extensions !== undefined && !['integrations', 'apigateway', 'postman'].includes(extensions)) {
      throw badRequest(`Invalid value for extensions: '${extensions}'. Must be one of: [integrations, apigateway, postman]`);
    }
    const stage = await this.lookup.store.stages.get(apiId, stageName);
    if (!stage) throw notFound('Invalid Stage identifier specified');
    const deployment = await this.lookup.store.deployments.get(apiId, stage.deploymentId ?? '');
    if (!deployment) throw notFound('Invalid Deployment identifier specified');
    try {
      const doc = exportRestApi(deployment.snapshot.definition as RestDefinition, stage.doc as RestStageDoc, {
        exportType,
        extensions: extensions as 'integrations' | 'apigateway' | 'postman' | undefined,
        baseUrl: apiEndpoint(this.lookup.config, apiId),
      });
      return {
        contentType: format === 'yaml' ? 'application/yaml' : 'application/json',
        disposition: `attachment; filename="${exportType}_${new Date().toISOString()}.${format}"`,
        body: serializeOpenApi(doc, format),
      };
    } catch (error) {
      if (error instanceof OpenApiExportError) throw badRequest(error.message);
      throw error;
    }
  }

  /** Parses and validates the whole document before anything is stored; refusals carry the library's message and JSON path. */
  private parse(body: unknown, query: Query, restApiId: string): RestImportResult {
    if (!Buffer.isBuffer(body) || body.length === 0) throw badRequest('Invalid request: the OpenAPI document (body) is required');
    const basePath = query.basepath ?? 'ignore';
    if (!(BASE_PATH_MODES as readonly string[]).includes(basePath)) {
      throw badRequest(`Invalid value for basepath: '${basePath}'. Must be one of: [${BASE_PATH_MODES.join(', ')}]`);
    }
    const failOnWarnings = query.failonwarnings;
    if (failOnWarnings !== undefined && failOnWarnings !== 'true' && failOnWarnings !== 'false') {
      throw badRequest(`Invalid value for failonwarnings: '${failOnWarnings}'. Must be true or false`);
    }
    try {
      return importRestApi(body, { restApiId, basePath: basePath as BasePathMode, failOnWarnings: failOnWarnings === 'true' });
    } catch (error) {
      if (error instanceof OpenApiImportError) throw badRequest(error.describe());
      throw error;
    }
  }

  private async current(api: Awaited<ReturnType<RestApiLookup['api']>>): Promise<RestDefinition> {
    const snapshot = await new SnapshotBuilder(this.lookup.store).build(api, '', '');
    return snapshot.definition as RestDefinition;
  }
}

/** ImportRestApi's `endpointConfigurationTypes` parameter (EDGE unless given). */
function endpointType(query: Query): string {
  return query.endpointConfigurationTypes ?? 'EDGE';
}
