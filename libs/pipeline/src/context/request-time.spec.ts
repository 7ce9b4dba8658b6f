import { formatRequestTime, formatRequestTimeEpoch } from './request-time';

describe('request time', () => {
  it('formats $context.requestTime in the CLF form, the same string within one second', () => {
    expect(formatRequestTime(Date.UTC(2015, 3, 9, 12, 34, 56, 10))).toBe('09/Apr/2015:12:34:56 +0000');
    expect(formatRequestTime(Date.UTC(2015, 3, 9, 12, 34, 56, 999))).toBe('09/Apr/2015:12:34:56 +0000');
    expect(formatRequestTime(Date.UTC(2015, 3, 9, 12, 34, 57, 0))).toBe('09/Apr/2015:12:34:57 +0000');
  });

  it('writes $context.requestTimeEpoch as the decimal milliseconds, repeated or not', () => {
    for (const ms of [1795539600000, 1795539600000, 1795539600001, 1795539600000, 0, 1795539600999]) {
      expect(formatRequestTimeEpoch(ms)).toBe(String(ms));
    }
  });
});
