import { escapeJavaScript, urlDecode, urlEncode, UtilVariable } from './util-variable';
import { MappingRuntimeError } from './mapping-template.errors';

describe(UtilVariable.name, () => {
  const sut = new UtilVariable();

  it('escapes like Commons Lang escapeJavaScript', () => {
    expect(escapeJavaScript(`a'b"c\\d/e\n\t\r\b\f\u0001é€😀`)).toBe(
      "a\\'b\\\"c\\\\d\\/e\\n\\t\\r\\b\\f\\u0001\\u00E9\\u20AC\\uD83D\\uDE00",
    );
    expect(escapeJavaScript('plain')).toBe('plain');
  });

  it('url-encodes like java.net.URLEncoder (space as +, only .-*_ unescaped)', () => {
    expect(urlEncode("a b+c&d=e/f?g~h!i'j(k)l*m.n-o_pé")).toBe('a+b%2Bc%26d%3De%2Ff%3Fg%7Eh%21i%27j%28k%29l*m.n-o_p%C3%A9');
    expect(urlEncode('\uD800x')).toBe('%3Fx');
  });

  it('url-decodes like java.net.URLDecoder and fails on a broken escape', () => {
    expect(urlDecode('a+b%2Bc%C3%A9%e2%82%ac')).toBe('a b+cé€');
    expect(() => urlDecode('100%')).toThrow(MappingRuntimeError);
    expect(() => urlDecode('%zz')).toThrow(MappingRuntimeError);
  });

  it('offers exactly the documented functions; null in, null out', () => {
    expect(sut.vtlCall('base64Encode', ['héllo'])).toBe('aMOpbGxv');
    expect(sut.vtlCall('base64Decode', ['aMOpbGxv'])).toBe('héllo');
    expect(sut.vtlCall('parseJson', ['{"a":[1]}'])).toEqual({ a: [1] });
    expect(() => sut.vtlCall('parseJson', ['{'])).toThrow(MappingRuntimeError);
    expect(sut.vtlCall('urlEncode', [null])).toBeUndefined();
    for (const missing of ['toJson', 'escapeJavaScriptx', 'constructor', 'toString']) {
      expect(typeof sut.vtlCall(missing, ['x'])).toBe('symbol');
    }
  });
});
