import { Injectable } from '@nestjs/common';
import type { V2ApiDoc, V2Definition } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import { apiEndpoint } from '@app/platform';
import {
  OpenApiExportError,
  OpenApiImportError,
  exportHttpApi,
  importHttpApi,
  newHttpDefinition,
  reimportHttpDefinition,
  serializeOpenApi,
  type BasePathMode,
  type HttpImportResult,
} from '@app/openapi';
import { badRequest } from '../../common/aws-error';
import { SnapshotBuilder } from '../../deployments/snapshot.builder';
import { toApiView } from '../apis/api.view';
import { AutoDeployService } from '../common/auto-deploy.service';
import { Fields } from '../common/fields';
import { HttpApiLookup, type V2Api } from '../common/http-api.lookup';
import { validateImportedDefinition } from './definition.validator';
import { writeDefinition } from './definition.writer';

export interface ImportQuery {
  basepath?: string;
  failOnWarnings?: string;
}

export interface ExportQuery {
  outputType?: string;
  includeExtensions?: string;
  stageName?: string;
  exportVersion?: string;
}

const BASE_PATH_MODES: readonly BasePathMode[] = ['ignore', 'prepend', 'split'];

/** ImportApi, ReimportApi and ExportApi (OpenAPI 3.0 with x-amazon-apigateway extensions) for HTTP APIs. */
@Injectable()
export class ImportExportService {
  constructor(
    private readonly lookup: HttpApiLookup,
    private readonly autoDeploy: AutoDeployService,
  ) {}

  async importApi(raw: unknown, query: ImportQuery): Promise<V2ApiDoc> {
    const imported = this.parse(raw, query);
    const definition = validateImportedDefinition(newHttpDefinition(imported, newResourceId(), new Date().toISOString()));
    definition.api = { ...apiDefaults(), ...definition.api, tags: definition.api.tags ?? {} };
    await writeDefinition(this.lookup.store, definition, false);
    return toApiView(this.lookup.runtime.config, definition.api);
  }

  async reimportApi(apiId: string, raw: unknown, query: ImportQuery): Promise<V2ApiDoc> {
    const api = await this.lookup.api(apiId);
    if (api.protocolType !== 'HTTP') throw badRequest('ReimportApi supports only HTTP APIs');
    const imported = this.parse(raw, query);
    const definition = validateImportedDefinition(reimportHttpDefinition(await this.current(api), imported));
    definition.api = { ...apiDefaults(), ...definition.api };
    await writeDefinition(this.lookup.store, definition, true);
    await this.autoDeploy.afterChange((await this.lookup.api(apiId)) as V2Api);
    return toApiView(this.lookup.runtime.config, definition.api);
  }

  async exportApi(apiId: string, specification: string, query: ExportQuery): Promise<{ contentType: string; body: string }> {
    const api = await this.lookup.api(apiId);
    if (specification !== 'OAS30') throw badRequest(`Invalid value for 'specification': ${specification}. Valid values are OAS30`);
    const format = query.outputType;
    if (format !== 'JSON' && format !== 'YAML') throw badRequest(`Invalid value for 'outputType': ${format ?? '(missing)'}. Valid values are JSON, YAML`);
    if (query.includeExtensions !== undefined && query.includeExtensions !== 'true' && query.includeExtensions !== 'false') {
      throw badRequest(`Invalid value for 'includeExtensions': ${query.includeExtensions}`);
    }
    const definition = query.stageName ? await this.deployed(api, query.stageName) : await this.current(api);
    try {
      const doc = exportHttpApi(definition, {
        exportVersion: query.exportVersion as '1.0' | undefined,
        includeExtensions: query.includeExtensions !== 'false',
        stageName: query.stageName,
        baseUrl: apiEndpoint(this.lookup.runtime.config, api.id),
      });
      const yaml = format === 'YAML';
      return { contentType: yaml ? 'application/yaml' : 'application/json', body: serializeOpenApi(doc, yaml ? 'yaml' : 'json') };
    } catch (error) {
      if (error instanceof OpenApiExportError) throw badRequest(error.message);
      throw error;
    }
  }

  /** Parses and validates the whole document before anything is stored; refusals carry the library's message and path. */
  private parse(raw: unknown, query: ImportQuery): HttpImportResult {
    const body = Fields.fromBody(raw).string('body', { required: true })!;
    const basePath = query.basepath ?? 'ignore';
    if (!(BASE_PATH_MODES as readonly string[]).includes(basePath)) {
      throw badRequest(`Invalid value for 'basepath': ${basePath}. Valid values are ${BASE_PATH_MODES.join(', ')}`);
    }
    if (query.failOnWarnings !== undefined && query.failOnWarnings !== 'true' && query.failOnWarnings !== 'false') {
      throw badRequest(`Invalid value for 'failOnWarnings': ${query.failOnWarnings}`);
    }
    try {
      return importHttpApi(body, { basePath: basePath as BasePathMode, failOnWarnings: query.failOnWarnings === 'true' });
    } catch (error) {
      if (error instanceof OpenApiImportError) throw badRequest(error.describe());
      throw error;
    }
  }

  private async current(api: V2Api): Promise<V2Definition> {
    const snapshot = await new SnapshotBuilder(this.lookup.store).build(api, '', api.doc.createdDate);
    return snapshot.definition as V2Definition;
  }

  /** ExportApi with stageName exports what that stage serves, as AWS does. */
  private async deployed(api: V2Api, stageName: string): Promise<V2Definition> {
    const stage = await this.lookup.stage(api, stageName);
    if (!stage.deploymentId) return this.current(api);
    const deployment = await this.lookup.store.deployments.get(api.id, stage.deploymentId);
    return (deployment?.snapshot.definition as V2Definition | undefined) ?? this.current(api);
  }
}

function apiDefaults(): Partial<V2ApiDoc> {
  return { routeSelectionExpression: '${request.method} ${request.path}', apiKeySelectionExpression: '$request.header.x-api-key', disableExecuteApiEndpoint: false };
}
