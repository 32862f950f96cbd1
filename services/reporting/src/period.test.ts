import { dateRangePeriod, isWholeQuarter, periodOf, quarterOf, quarterPeriod } from './period';

describe('periods', () => {
  it('makes a quarter of three UTC months, the end excluded', () => {
    expect(quarterPeriod('2026-Q4')).toEqual({ from: new Date('2026-10-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z'), label: '2026-Q4' });
    expect(quarterPeriod('2026-Q1').to).toEqual(new Date('2026-04-01T00:00:00Z'));
    expect(quarterOf(new Date('2026-12-31T23:59:59Z'))).toBe('2026-Q4');
    expect(quarterOf(new Date('2027-01-01T00:00:00Z'))).toBe('2027-Q1');
  });

  it('includes both days of a date range', () => {
    expect(dateRangePeriod('2026-10-01', '2026-12-31')).toMatchObject({ from: new Date('2026-10-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') });
  });

  it('defaults to the current quarter and refuses mixed or half ranges', () => {
    expect(periodOf({}, new Date('2026-11-22T12:00:00Z'))).toMatchObject({ label: '2026-Q4' });
    expect(periodOf({ quarter: '2026-Q3', from: '2026-07-01' })).toHaveProperty('error');
    expect(periodOf({ from: '2026-07-01' })).toHaveProperty('error');
    expect(periodOf({ from: '2026-07-02', to: '2026-07-01' })).toHaveProperty('error');
  });
});

describe('isWholeQuarter', () => {
  it('is true for a quarter, given as one or as its dates, and false for any other range', () => {
    expect(isWholeQuarter(quarterPeriod('2026-Q4'))).toBe(true);
    expect(isWholeQuarter(dateRangePeriod('2026-10-01', '2026-12-31'))).toBe(true);
    expect(isWholeQuarter(dateRangePeriod('2026-10-01', '2026-12-30'))).toBe(false);
    expect(isWholeQuarter(dateRangePeriod('2026-10-02', '2026-12-31'))).toBe(false);
    expect(isWholeQuarter(dateRangePeriod('2026-10-01', '2027-03-31'))).toBe(false);
    expect(isWholeQuarter(dateRangePeriod('2026-11-05', '2026-11-05'))).toBe(false);
  });
});
