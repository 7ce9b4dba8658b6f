import { compileSelectionPattern } from './selection-pattern';

describe(compileSelectionPattern.name, () => {
  it.each([
    ['404', '404', true],
    ['404', '4041', false],
    ['404', '1404', false],
    ['4\\d{2}', '418', true],
    ['.*Error.*', 'Error: boom', true],
    ['.*Error.*', 'all good', false],
    ['Malformed.*', 'Malformed input ...', true],
    ['Malformed.*', 'Input Malformed', false],
    ['.*', '', true],
    ['.+', '', false],
    // Java's `.` stops at line terminators; (?s) makes it match them.
    ['.*boom.*', 'line1\nboom', false],
    ['(?s).*boom.*', 'line1\nboom', true],
    ['(?i)not found', 'NOT FOUND', true],
    ['\\Q[x]*\\E', '[x]*', true],
    ['\\A4\\d\\d\\z', '404', true],
    ['2\\d{2}|3\\d{2}', '302', true],
  ])('%s against %j → %s', (pattern, selector, expected) => {
    const sut = compileSelectionPattern(pattern);
    expect(sut(selector)).toBe(expected);
  });

  it('refuses a pattern that is not a regular expression', () => {
    expect(() => compileSelectionPattern('a(')).toThrow("selectionPattern 'a(' is not a valid regular expression");
  });
});
