import type { IntegrationFactory, StageCompilerOptions } from '../registry/stage.compiler';
import type { StagePlugin } from '../stages/pipeline-stage';
import { awsIntegration } from './aws-lambda.integration';
import { httpIntegration } from './http.integration';
import { mockIntegration } from './mock.integration';
import { requestValidatorPlugin } from './request-validator.plugin';
import { VtlTemplateRenderer } from './vtl-template.renderer';

/** REST non-proxy integrations by type, for `StageCompilerOptions.integrations`. */
export const REST_INTEGRATIONS: Readonly<Record<'MOCK' | 'HTTP' | 'AWS', IntegrationFactory>> = Object.freeze({
  MOCK: mockIntegration,
  HTTP: httpIntegration,
  AWS: awsIntegration,
});

/** REST plug-in stages this folder provides (request validation). */
export const REST_PLUGINS: readonly StagePlugin[] = Object.freeze([requestValidatorPlugin]);

/**
 * The REST data plane's share of StageCompilerOptions: VTL gateway response templates, request validation and the
 * MOCK/HTTP/AWS integrations. Merge with the plug-ins of other libraries (throttle, API keys, authorizers).
 */
export function restDataPlaneOptions(): Required<Pick<StageCompilerOptions, 'renderer' | 'plugins' | 'integrations'>> {
  return { renderer: new VtlTemplateRenderer(), plugins: REST_PLUGINS, integrations: { ...REST_INTEGRATIONS } };
}
