import { convertResponsePayload, decodeBase64Strict } from './content-handling';

describe(convertResponsePayload.name, () => {
  const bytes = Buffer.from([0xff, 0x00, 0x10]);
  const b64 = bytes.toString('base64');
  it.each([
    // [payload, payloadIsBinary, acceptsBinary, handling, expected]
    ['text', false, false, undefined, { text: 'text' }],
    ['text', false, false, 'CONVERT_TO_TEXT', { text: 'text' }],
    [b64, false, false, 'CONVERT_TO_BINARY', { bytes }],
    [b64, false, true, undefined, { bytes }],
    ['plain', false, true, 'CONVERT_TO_TEXT', { text: 'plain' }],
    [bytes, true, false, undefined, { text: b64 }],
    [bytes, true, true, undefined, { bytes }],
    [bytes, true, false, 'CONVERT_TO_BINARY', { bytes }],
    [bytes, true, true, 'CONVERT_TO_TEXT', { text: b64 }],
  ] as const)('%#: follows the AWS response conversion table', (payload, binary, accepts, handling, expected) => {
    expect(convertResponsePayload(payload, binary, accepts, handling)).toEqual(expected);
  });

  it('is null when text to decode is not base64 (AWS: 500 configuration error)', () => {
    expect(convertResponsePayload('not base64!', false, false, 'CONVERT_TO_BINARY')).toBeNull();
  });
});

describe(decodeBase64Strict.name, () => {
  it.each([
    ['aGk=', 'hi'],
    ['aG k=\n', 'hi'],
    ['', ''],
  ])('%j → %j', (text, expected) => expect(decodeBase64Strict(text)?.toString()).toBe(expected));
  it.each(['aGk', 'a$k=', '=aGk'])('%j is not base64', (text) => expect(decodeBase64Strict(text)).toBeNull());
});
