import { javaMatches, javaReplace, javaSplit } from './java-regex';
import { MappingRuntimeError } from './mapping-template.errors';

describe('Java regex', () => {
  it('replaceAll/replaceFirst use Java replacement syntax', () => {
    expect(() => javaReplace('a-b', '-', '$', true)).toThrow(MappingRuntimeError);
    expect(javaReplace('a-b-c', '-', '\\$', true)).toBe('a$b$c');
    expect(javaReplace('john smith', '(\\w+) (\\w+)', '$2, $1', false)).toBe('smith, john');
    expect(javaReplace('aaa', 'a', 'b', false)).toBe('baa');
    expect(javaReplace('abc', '', '-', true)).toBe('-a-b-c-');
    expect(javaReplace('abc', 'b*', '-', true)).toBe('-a--c-');
    expect(() => javaReplace('a', '(a)', '$2', true)).toThrow(/No group 2/);
  });

  it('translates Java-only pattern syntax', () => {
    expect(javaMatches('HELLO', '(?i)hello')).toBe(true);
    expect(javaMatches('a.b', '\\Qa.b\\E')).toBe(true);
    expect(javaMatches('axb', '\\Qa.b\\E')).toBe(false);
    expect(javaMatches('abc', '\\p{Alpha}+')).toBe(true);
    expect(javaMatches('ab1', '\\p{Alpha}+')).toBe(false);
    expect(javaMatches('aaa', 'a*+')).toBe(true);
    expect(javaMatches('*+', '[*+]+')).toBe(true);
    expect(() => javaMatches('a', '(')).toThrow(MappingRuntimeError);
  });

  it('matches() needs the whole string, also with alternation', () => {
    expect(javaMatches('ab', 'a|ab')).toBe(true);
    expect(javaMatches('xab', 'ab')).toBe(false);
    expect(javaMatches('a\nb', '(?m)a')).toBe(false);
  });

  it('split() follows String.split', () => {
    expect(javaSplit('boo:and:foo', ':')).toEqual(['boo', 'and', 'foo']);
    expect(javaSplit('boo:and:foo', 'o')).toEqual(['b', '', ':and:f']);
    expect(javaSplit('boo:and:foo', 'o', -1)).toEqual(['b', '', ':and:f', '', '']);
    expect(javaSplit('boo:and:foo', ':', 2)).toEqual(['boo', 'and:foo']);
    expect(javaSplit('abc', '')).toEqual(['a', 'b', 'c']);
    expect(javaSplit('', ',')).toEqual(['']);
    expect(javaSplit(',a', ',')).toEqual(['', 'a']);
  });
});
