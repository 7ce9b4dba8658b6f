import { compileRequestTemplateSelection, mediaTypeOf } from '@app/mapping';

describe(compileRequestTemplateSelection.name, () => {
  const json = { 'application/json': 'J' };
  const xml = { 'application/xml': 'X' };

  // The two tables of doc_source/integration-passthrough-behaviors.md, row by row.
  it.each([
    [json, 'WHEN_NO_MATCH', undefined, 'template'],
    [json, 'WHEN_NO_TEMPLATES', undefined, 'template'],
    [json, 'NEVER', undefined, 'template'],
    [json, 'WHEN_NO_MATCH', 'application/json', 'template'],
    [json, 'NEVER', 'application/json', 'template'],
    [json, 'WHEN_NO_MATCH', 'application/xml', 'passthrough'],
    [json, 'WHEN_NO_TEMPLATES', 'application/xml', 'unsupportedMediaType'],
    [json, 'NEVER', 'application/xml', 'unsupportedMediaType'],
    [xml, 'WHEN_NO_MATCH', undefined, 'passthrough'],
    [xml, 'WHEN_NO_TEMPLATES', undefined, 'unsupportedMediaType'],
    [xml, 'NEVER', 'application/json', 'unsupportedMediaType'],
    [xml, 'WHEN_NO_MATCH', 'application/xml', 'template'],
    [xml, 'WHEN_NO_TEMPLATES', 'application/xml', 'template'],
    [{}, 'WHEN_NO_MATCH', 'text/plain', 'passthrough'],
    [{}, 'WHEN_NO_TEMPLATES', 'text/plain', 'passthrough'],
    [{}, 'NEVER', 'text/plain', 'unsupportedMediaType'],
  ] as const)('templates %j, %s, Content-Type %s → %s', (templates, behavior, contentType, kind) => {
    expect(compileRequestTemplateSelection(templates, behavior)(contentType).kind).toBe(kind);
  });

  it('defaults to WHEN_NO_MATCH and matches on the media type only, ignoring case and parameters', () => {
    const sut = compileRequestTemplateSelection({ 'application/json': 'J' });
    expect(sut('Application/JSON; charset=UTF-8')).toEqual({ kind: 'template', contentType: 'application/json', template: 'J' });
    expect(sut('')).toEqual({ kind: 'template', contentType: 'application/json', template: 'J' });
    expect(sut('text/plain')).toEqual({ kind: 'passthrough' });
    expect(mediaTypeOf(' text/html ;q=1')).toBe('text/html');
  });
});
