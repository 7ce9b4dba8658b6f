import { compileMappingTemplate, MappingInput } from '@app/mapping';
import { DOC_EXAMPLES } from './aws-doc-examples.table';

const defaults: MappingInput = {
  body: '',
  params: { path: {}, querystring: {}, header: {} },
  context: {},
  stageVariables: {},
};

describe('AWS developer guide mapping template examples', () => {
  it.each(DOC_EXAMPLES.filter((e) => !e.knownDifference).map((e) => [e.name, e] as const))('%s', (_name, example) => {
    const sut = compileMappingTemplate(example.template);
    const out = sut.render({ ...defaults, ...example.input });
    if (example.expected.text !== undefined) expect(out.text).toBe(example.expected.text);
    if (example.expected.json !== undefined) expect(JSON.parse(out.text)).toEqual(example.expected.json);
    expect(out.responseOverride.status).toBe(example.expected.status);
    expect(out.requestOverride.header).toEqual(example.expected.requestHeaders ?? {});
  });

  // Rows where the guide's output cannot be what AWS renders: we assert what we render, documented in
  // docs/vtl-differences.md, so a change in behaviour shows up here.
  it.each(DOC_EXAMPLES.filter((e) => e.knownDifference).map((e) => [e.name, e] as const))('%s (known difference)', (_name, example) => {
    const out = compileMappingTemplate(example.template).render({ ...defaults, ...example.input });
    expect(out.text).toBe(example.knownDifference?.ourText);
  });
});
