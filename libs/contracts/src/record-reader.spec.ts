import { RecordReader } from './record-reader';

class Malformed extends Error {}
const reader = (text: string) => new RecordReader(text, (message) => new Malformed(message));

describe(RecordReader.name, () => {
  it('reads numbers (negative ones too), strings of a given length and kind letters, to the end', () => {
    const sut = reader('R12,-1,0,5,a,b,cX');
    expect(sut.code()).toBe('R'.charCodeAt(0));
    expect([sut.number(), sut.number(), sut.number()]).toEqual([12, -1, 0]);
    expect(sut.string(sut.number())).toBe('a,b,c');
    expect(sut.atEnd).toBe(false);
    expect(sut.code()).toBe('X'.charCodeAt(0));
    expect(sut.atEnd).toBe(true);
  });

  it.each([
    ['a letter where a digit belongs', 'x,', 'expected a digit at 0'],
    ['a lone minus', '-,', 'expected a digit at 1'],
    ['a number without its comma', '12;', 'expected a comma at 2'],
    ['a number at the end of the text', '12', 'expected a comma at 2'],
  ])('refuses %s with what `fail` makes of it', (_, text, message) => {
    expect(() => reader(text).number()).toThrow(new Malformed(message));
  });

  it('refuses a string longer than what is left, or of negative length', () => {
    const sut = reader('abc');
    expect(() => sut.string(4)).toThrow(Malformed);
    expect(() => sut.string(-1)).toThrow(Malformed);
    expect(sut.string(3)).toBe('abc');
  });
});
