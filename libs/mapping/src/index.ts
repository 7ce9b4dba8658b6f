export { compileMappingTemplate, MappingTemplate } from './vtl/mapping-template';
export type { MappingInput, MappingOutput, MappingTemplateOptions } from './vtl/mapping-template';
export type { MappingParams } from './vtl/input-variable';
export type { RenderLimits } from './vtl/vtl-runtime';
export { DEFAULT_RENDER_LIMITS } from './vtl/vtl-runtime';
export { MappingTemplateError, MappingRuntimeError } from './vtl/mapping-template.errors';
export { compileJsonPath, JsonPathError } from './jsonpath/json-path';
export type { CompiledJsonPath } from './jsonpath/json-path';
export { compileRequestParameterMapping } from './parameters/request-parameter-mapping';
export type {
  IntegrationRequestParameters,
  RequestMappingSource,
  RequestParameterMappingOptions,
} from './parameters/request-parameter-mapping';
export { compileResponseParameterMapping } from './parameters/response-parameter-mapping';
export type { ResponseMappingSource } from './parameters/response-parameter-mapping';
export { ParameterMappingError } from './parameters/parameter-mapping.errors';
export { compileRequestTemplateSelection, selectRequestTemplate, mediaTypeOf } from './selection/template-selection';
export type { TemplateSelection } from './selection/template-selection';
