/**
 * Reads the tokens of the records the gateway and its function workers exchange (the worker protocol, event and
 * response records): a number is decimal digits (with an optional `-`) ending with `,`, read digit by digit with no
 * substring; a string is a known number of UTF-16 code units. Our own code writes every record, so a malformed one
 * is a bug: it is reported by throwing what `fail` makes of the message.
 */
export class RecordReader {
  /** Where the next token starts. */
  at = 0;

  constructor(
    private readonly text: string,
    private readonly fail: (message: string) => Error,
  ) {}

  get atEnd(): boolean {
    return this.at >= this.text.length;
  }

  /** The next character's code, read (a record's kind letter). */
  code(): number {
    return this.text.charCodeAt(this.at++);
  }

  number(): number {
    const text = this.text;
    let at = this.at;
    let sign = 1;
    if (text.charCodeAt(at) === 0x2d /* - */) {
      sign = -1;
      at++;
    }
    let c = text.charCodeAt(at);
    if (!(c >= 0x30 && c <= 0x39)) throw this.fail(`expected a digit at ${at}`);
    let value = 0;
    for (; c >= 0x30 && c <= 0x39; c = text.charCodeAt(++at)) value = value * 10 + (c - 0x30);
    if (c !== 0x2c /* , */) throw this.fail(`expected a comma at ${at}`);
    this.at = at + 1;
    return sign * value;
  }

  string(length: number): string {
    const at = this.at;
    if (length < 0 || at + length > this.text.length) throw this.fail(`bad string length at ${at}`);
    this.at = at + length;
    return this.text.slice(at, at + length);
  }
}
