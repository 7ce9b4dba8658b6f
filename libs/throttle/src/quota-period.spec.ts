import { quotaPeriodBounds, utcDay, validateQuota } from './quota-period';

const at = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

describe(quotaPeriodBounds.name, () => {
  it('aligns a DAY to UTC midnight', () => {
    const sut = quotaPeriodBounds({ limit: 1, period: 'DAY' }, at('2024-03-10T23:59:59.999Z'));
    expect([iso(sut.start), iso(sut.end)]).toEqual(['2024-03-10T00:00:00.000Z', '2024-03-11T00:00:00.000Z']);
  });

  it('starts a WEEK on Sunday with offset 0', () => {
    // 2024-03-13 is a Wednesday.
    const sut = quotaPeriodBounds({ limit: 1, period: 'WEEK', offset: 0 }, at('2024-03-13T12:00:00Z'));
    expect([iso(sut.start), iso(sut.end)]).toEqual(['2024-03-10T00:00:00.000Z', '2024-03-17T00:00:00.000Z']);
  });

  it('starts a WEEK on Monday with offset 1, and a Sunday belongs to the week begun the Monday before', () => {
    const sut = quotaPeriodBounds({ limit: 1, period: 'WEEK', offset: 1 }, at('2024-03-17T08:00:00Z'));
    expect([iso(sut.start), iso(sut.end)]).toEqual(['2024-03-11T00:00:00.000Z', '2024-03-18T00:00:00.000Z']);
  });

  it('starts a new WEEK exactly at midnight of the offset day', () => {
    const sut = quotaPeriodBounds({ limit: 1, period: 'WEEK', offset: 3 }, at('2024-03-13T00:00:00Z'));
    expect(iso(sut.start)).toBe('2024-03-13T00:00:00.000Z');
    expect(iso(quotaPeriodBounds({ limit: 1, period: 'WEEK', offset: 3 }, at('2024-03-12T23:59:59.999Z')).start)).toBe(
      '2024-03-06T00:00:00.000Z',
    );
  });

  it('starts a MONTH on the 1st with offset 0', () => {
    const sut = quotaPeriodBounds({ limit: 1, period: 'MONTH' }, at('2024-02-29T10:00:00Z'));
    expect([iso(sut.start), iso(sut.end)]).toEqual(['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
  });

  it('starts a MONTH on day offset+1, reaching into the previous month (and year) before that day', () => {
    const sut = quotaPeriodBounds({ limit: 1, period: 'MONTH', offset: 14 }, at('2024-01-03T00:00:00Z'));
    expect([iso(sut.start), iso(sut.end)]).toEqual(['2023-12-15T00:00:00.000Z', '2024-01-15T00:00:00.000Z']);
  });
});

describe(validateQuota.name, () => {
  it.each([
    [{ limit: 10, period: 'DAY' as const, offset: 1 }, 'quota.offset must be an integer from 0 to 0 for period DAY, got 1'],
    [{ limit: 10, period: 'WEEK' as const, offset: 7 }, 'quota.offset must be an integer from 0 to 6 for period WEEK, got 7'],
    [{ limit: 10, period: 'MONTH' as const, offset: 28 }, 'quota.offset must be an integer from 0 to 27 for period MONTH, got 28'],
    [{ limit: 10, period: 'WEEK' as const, offset: 1.5 }, 'quota.offset must be an integer from 0 to 6 for period WEEK, got 1.5'],
    [{ limit: -1, period: 'DAY' as const }, 'quota.limit must be a non-negative integer, got -1'],
    [{ limit: 10, period: 'YEAR' as never }, 'quota.period must be DAY, WEEK or MONTH, got YEAR'],
  ])('rejects %j', (quota, message) => {
    expect(() => validateQuota(quota)).toThrow(new RangeError(message));
  });

  it('accepts the documented ranges', () => {
    expect(() => validateQuota({ limit: 0, period: 'MONTH', offset: 27 })).not.toThrow();
  });
});

describe(utcDay.name, () => {
  it('names the UTC day', () => {
    expect(utcDay(at('2024-03-10T23:59:59.999Z'))).toBe('2024-03-10');
  });
});
