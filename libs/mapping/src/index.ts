export { compileMappingTemplate, MappingTemplate } from './vtl/mapping-template';
export type { MappingInput, MappingOutput, MappingTemplateOptions } from './vtl/mapping-template';
export type { MappingParams } from './vtl/input-variable';
export type { RenderLimits } from './vtl/vtl-runtime';
export { DEFAULT_RENDER_LIMITS } from './vtl/vtl-runtime';
export { MappingTemplateError, MappingRuntimeError } from './vtl/mapping-template.errors';
export { compileJsonPath, JsonPathError } from './jsonpath/json-path';
export type { CompiledJsonPath } from './jsonpath/json-path';
