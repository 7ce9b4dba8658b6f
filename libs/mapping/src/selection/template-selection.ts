import type { PassthroughBehavior } from '@app/contracts';

export type TemplateSelection =
  | { kind: 'template'; contentType: string; template: string }
  | { kind: 'passthrough' }
  /** AWS answers 415 UNSUPPORTED_MEDIA_TYPE without calling the integration. */
  | { kind: 'unsupportedMediaType' };

/** Only the media type counts: `application/json; charset=UTF-8` selects the `application/json` template. */
export function mediaTypeOf(contentType: string | undefined): string {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return mediaType === '' ? 'application/json' : mediaType;
}

/**
 * Precomputes an integration's request template lookup; the returned function picks the template for one request
 * (doc_source/integration-passthrough-behaviors.md):
 * - WHEN_NO_MATCH (the default): no template for the Content-Type → pass the body through.
 * - WHEN_NO_TEMPLATES: no templates at all → pass through; templates but none matches → 415.
 * - NEVER: no matching template → 415.
 * An absent Content-Type is taken as application/json.
 */
export function compileRequestTemplateSelection(
  requestTemplates: Record<string, string> | undefined,
  passthroughBehavior: PassthroughBehavior | undefined = 'WHEN_NO_MATCH',
): (contentType: string | undefined) => TemplateSelection {
  const byMediaType = new Map<string, TemplateSelection>();
  for (const [contentType, template] of Object.entries(requestTemplates ?? {})) {
    byMediaType.set(mediaTypeOf(contentType), { kind: 'template', contentType, template });
  }
  const noMatch: TemplateSelection =
    passthroughBehavior === 'NEVER' || (passthroughBehavior === 'WHEN_NO_TEMPLATES' && byMediaType.size > 0)
      ? { kind: 'unsupportedMediaType' }
      : { kind: 'passthrough' };
  return (contentType) => byMediaType.get(mediaTypeOf(contentType)) ?? noMatch;
}

/** One-off form of compileRequestTemplateSelection. */
export function selectRequestTemplate(
  requestTemplates: Record<string, string> | undefined,
  passthroughBehavior: PassthroughBehavior | undefined,
  contentType: string | undefined,
): TemplateSelection {
  return compileRequestTemplateSelection(requestTemplates, passthroughBehavior)(contentType);
}
