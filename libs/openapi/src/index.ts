export { OpenApiImportError } from './parse/openapi.errors';
export { parseOpenApi } from './parse/openapi.parse';
export type { OpenApiDialect, OpenApiInput, ParsedDocument } from './parse/openapi.parse';
export type { BasePathMode } from './parse/openapi.paths';
export { modelUrl, modelNameFromUrl } from './parse/schema.models';
export { importRestApi } from './rest/rest-import';
export type { RestImportOptions, RestImportResult } from './rest/rest-import';
