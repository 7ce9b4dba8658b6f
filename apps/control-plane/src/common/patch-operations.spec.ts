import { AwsError } from './aws-error';
import { applyPatchOperations, escapeSegment, PatchRule, unescapeSegment } from './patch-operations';

const API_RULES: PatchRule[] = [
  { path: '/name', type: 'string', ops: ['replace', 'test'] },
  { path: '/description', type: 'string', ops: ['replace', 'remove', 'copy', 'move'] },
  { path: '/version', type: 'string', ops: ['replace', 'remove', 'copy', 'move'] },
  { path: '/disableExecuteApiEndpoint', type: 'boolean', ops: ['replace'] },
  { path: '/minimumCompressionSize', type: 'integer', ops: ['replace', 'remove'] },
  { path: '/apiKeySource', type: 'string', ops: ['replace'], enum: ['HEADER', 'AUTHORIZER'] },
  { path: '/binaryMediaTypes/{type}', type: 'string', ops: ['add', 'remove', 'replace', 'copy', 'move'], listItem: true },
  { path: '/cacheKeyParameters', type: 'stringList', ops: ['replace'] },
];

const STAGE_RULES: PatchRule[] = [
  { path: '/variables/{name}', type: 'string', ops: ['add', 'replace', 'remove'] },
  {
    path: '/{resource}/{method}/throttling/rateLimit',
    target: ['methodSettings', '{resource:raw}/{method}', 'throttlingRateLimit'],
    type: 'number',
    ops: ['replace'],
  },
  {
    path: '/{resource}/{method}/logging/loglevel',
    target: ['methodSettings', '{resource:raw}/{method}', 'loggingLevel'],
    type: 'string',
    enum: ['OFF', 'ERROR', 'INFO'],
    ops: ['replace'],
  },
];

function refusal(run: () => unknown): AwsError {
  try {
    run();
  } catch (error) {
    return error as AwsError;
  }
  throw new Error('expected a refusal');
}

describe('applyPatchOperations', () => {
  const sut = applyPatchOperations;

  it('replaces scalars converting the wire string to the field type', () => {
    const doc = { name: 'a', disableExecuteApiEndpoint: false };
    const result = sut(
      doc,
      [
        { op: 'replace', path: '/name', value: 'b' },
        { op: 'replace', path: '/disableExecuteApiEndpoint', value: 'true' },
        { op: 'replace', path: '/minimumCompressionSize', value: '1024' },
        { op: 'replace', path: '/cacheKeyParameters', value: 'a, b' },
      ],
      API_RULES,
    );
    expect(result).toEqual({ name: 'b', disableExecuteApiEndpoint: true, minimumCompressionSize: 1024, cacheKeyParameters: ['a', 'b'] });
    expect(doc).toEqual({ name: 'a', disableExecuteApiEndpoint: false });
  });

  it('adds, replaces and removes list items named by an escaped path segment', () => {
    const added = sut({}, [{ op: 'add', path: '/binaryMediaTypes/image~1png' }, { op: 'add', path: '/binaryMediaTypes/*~1*' }], API_RULES);
    expect(added).toEqual({ binaryMediaTypes: ['image/png', '*/*'] });
    const replaced = sut(added, [{ op: 'replace', path: '/binaryMediaTypes/image~1png', value: 'image/gif' }], API_RULES);
    expect(replaced).toEqual({ binaryMediaTypes: ['image/gif', '*/*'] });
    const removed = sut(replaced, [{ op: 'remove', path: '/binaryMediaTypes/image~1gif' }, { op: 'remove', path: '/binaryMediaTypes/*~1*' }], API_RULES);
    expect(removed).toEqual({});
  });

  it('does not add a list item twice', () => {
    expect(sut({ binaryMediaTypes: ['a/b'] }, [{ op: 'add', path: '/binaryMediaTypes/a~1b' }], API_RULES)).toEqual({ binaryMediaTypes: ['a/b'] });
  });

  it('sets and removes map entries and drops the emptied map', () => {
    const set = sut({}, [{ op: 'replace', path: '/variables/backend', value: 'http://x' }], STAGE_RULES);
    expect(set).toEqual({ variables: { backend: 'http://x' } });
    expect(sut(set, [{ op: 'remove', path: '/variables/backend' }], STAGE_RULES)).toEqual({});
  });

  it('maps stage method-setting paths to methodSettings keys, keeping ~1 in the resource path', () => {
    const result = sut(
      {},
      [
        { op: 'replace', path: '/*/*/throttling/rateLimit', value: '100.5' },
        { op: 'replace', path: '/~1pets/GET/logging/loglevel', value: 'INFO' },
      ],
      STAGE_RULES,
    );
    expect(result).toEqual({ methodSettings: { '*/*': { throttlingRateLimit: 100.5 }, '~1pets/GET': { loggingLevel: 'INFO' } } });
  });

  it('copies and moves values between paths', () => {
    const copied = sut({ description: 'd' }, [{ op: 'copy', from: '/description', path: '/version' }], API_RULES);
    expect(copied).toEqual({ description: 'd', version: 'd' });
    expect(sut({ description: 'd' }, [{ op: 'move', from: '/description', path: '/version' }], API_RULES)).toEqual({ version: 'd' });
  });

  it('passes a test that holds and refuses one that does not', () => {
    expect(sut({ name: 'a' }, [{ op: 'test', path: '/name', value: 'a' }], API_RULES)).toEqual({ name: 'a' });
    expect(refusal(() => sut({ name: 'a' }, [{ op: 'test', path: '/name', value: 'b' }], API_RULES)).message).toBe(
      "Test operation failed: /name is not 'b'",
    );
  });

  it('applies all operations or none', () => {
    const doc = { name: 'a' };
    refusal(() => sut(doc, [{ op: 'replace', path: '/name', value: 'b' }, { op: 'replace', path: '/nope', value: 'x' }], API_RULES));
    expect(doc).toEqual({ name: 'a' });
  });

  it.each([
    [[{ op: 'replace', path: '/nope', value: 'x' }], "Invalid patch path  '/nope' specified for op 'replace'. Must be one of: [/name, /description"],
    [[{ op: 'add', path: '/name', value: 'x' }], 'Invalid patch operation specified. Path /name supports only: [replace, test]'],
    [[{ op: 'frobnicate', path: '/name' }], "Invalid patch operation specified: 'frobnicate'. Must be one of: [add, remove, replace, move, copy, test]"],
    [[{ op: 'replace', path: 'name', value: 'x' }], "Invalid patch path 'name' specified for op 'replace'"],
    [[{ op: 'replace', path: '/name' }], "Invalid patch operation: 'replace' on /name requires a value"],
    [[{ op: 'replace', path: '/name', value: 5 }], 'Invalid patch value for path /name: the value must be a string'],
    [[{ op: 'replace', path: '/disableExecuteApiEndpoint', value: 'yes' }], "Invalid value 'yes' for /disableExecuteApiEndpoint: must be true or false"],
    [[{ op: 'replace', path: '/minimumCompressionSize', value: '1.5' }], "Invalid value '1.5' for /minimumCompressionSize: must be an integer"],
    [[{ op: 'replace', path: '/apiKeySource', value: 'QUERY' }], "Invalid value 'QUERY' for /apiKeySource. Must be one of: [HEADER, AUTHORIZER]"],
    [[{ op: 'remove', path: '/binaryMediaTypes/image~1png' }], 'Invalid patch operation: image/png is not in binaryMediaTypes'],
    [[{ op: 'move', path: '/version' }], "Invalid patch operation: 'move' on /version requires 'from'"],
    [[{ op: 'copy', from: '/description', path: '/version' }], "Invalid patch operation: nothing at 'from' path /description"],
    [{ op: 'replace' }, 'Invalid patchOperations: must be a list of patch operations'],
    [[null], 'Invalid patch operation at index 0: must be an object'],
  ])('refuses %j with BadRequestException', (operations, message) => {
    const error = refusal(() => sut({ name: 'a' }, operations, API_RULES));
    expect(error).toBeInstanceOf(AwsError);
    expect(error.errorType).toBe('BadRequestException');
    expect(error.statusCode).toBe(400);
    expect(error.message.startsWith(message)).toBe(true);
  });

  it('refuses a number that is not one on a number path', () => {
    expect(refusal(() => sut({}, [{ op: 'replace', path: '/*/*/throttling/rateLimit', value: 'fast' }], STAGE_RULES)).message).toBe(
      "Invalid value 'fast' for /*/*/throttling/rateLimit: must be a number",
    );
  });

  it('never writes to an object prototype', () => {
    refusal(() => sut({}, [{ op: 'replace', path: '/variables/__proto__', value: 'x' }], STAGE_RULES));
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('treats a missing patchOperations member as no change', () => {
    expect(sut({ name: 'a' }, undefined, API_RULES)).toEqual({ name: 'a' });
  });
});

describe('escapeSegment', () => {
  it('round-trips through unescapeSegment', () => {
    expect(escapeSegment('a~b/c')).toBe('a~0b~1c');
    expect(unescapeSegment('a~0b~1c')).toBe('a~b/c');
    expect(unescapeSegment('~01')).toBe('~1');
  });
});
