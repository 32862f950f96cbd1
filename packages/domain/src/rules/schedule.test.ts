import { policyOf } from './policies';
import { contactInterval, firstContactDueAt, followUpCalendar, infantTestsFrom } from './schedule';
import { after } from './time';

// The real policies' timings, as the case workflow computes them (it takes every date from schedule.ts).

const HIV = policyOf('spb-2026.4');
const KZ = policyOf('kz-2026.3');
const DAY = 86_400_000;
const start = new Date('2026-11-02T09:00:00Z'); // a Monday
const dayOf = (iso: string | Date) => (new Date(iso).getTime() - start.getTime()) / DAY;

/** The days of follow-up the contacts fall on, each done on the day it is due, up to `days`. */
function contactDays(policy: typeof HIV, days: number): number[] {
  const out: number[] = [];
  for (let at = new Date(followUpCalendar(policy, start).contactAt); dayOf(at) <= days; at = after(at, contactInterval(policy, start, at))) out.push(dayOf(at));
  return out;
}

describe('the first contact', () => {
  const friday = new Date('2026-11-06T10:00:00Z');

  it('is due 3 working days after the referral: a Friday referral by Wednesday, the weekend not counted', () => {
    for (const policy of [HIV, KZ]) expect(firstContactDueAt(policy, friday, false)).toEqual(new Date('2026-11-11T10:00:00Z'));
  });

  it('is due within 24 hours on the urgent path, weekend or not', () => {
    for (const policy of [HIV, KZ]) expect(firstContactDueAt(policy, friday, true)).toEqual(new Date('2026-11-07T10:00:00Z'));
  });
});

describe('contacts', () => {
  it('St. Petersburg: every 14 days for the first 90 days, then every 30', () => {
    expect(contactDays(HIV, 200)).toEqual([14, 28, 42, 56, 70, 84, 98, 128, 158, 188]);
  });

  it('Kazakhstan: every 7 days for the first 30 days, every 14 until day 90, then every 30', () => {
    expect(contactDays(KZ, 160)).toEqual([7, 14, 21, 28, 35, 49, 63, 77, 91, 121, 151]);
  });
});

describe('from the start of follow-up', () => {
  it('St. Petersburg: reassessment at 91 days, supervision at 30, the end of follow-up at 548 days (18 months)', () => {
    const calendar = followUpCalendar(HIV, start);
    expect([calendar.reassessmentAt, calendar.supervisionAt, calendar.followUpEndsAt].map(dayOf)).toEqual([91, 30, 548]);
  });

  it('Kazakhstan: reassessment at 91 days, supervision at 30, the end of follow-up at 365 days (12 months)', () => {
    const calendar = followUpCalendar(KZ, start);
    expect([calendar.reassessmentAt, calendar.supervisionAt, calendar.followUpEndsAt].map(dayOf)).toEqual([91, 30, 365]);
  });
});

describe("an HIV-exposed child's tests", () => {
  it('St. Petersburg: PCR at 42 and 120 days, antibodies at 548 days, counted from the referral (the birth)', () => {
    expect(infantTestsFrom(HIV, start).map((t) => [t.code, dayOf(t.at)])).toEqual([
      ['pcr-6-weeks', 42],
      ['pcr-4-months', 120],
      ['antibody-18-months', 548],
    ]);
  });

  it('Kazakhstan: none', () => {
    expect(infantTestsFrom(KZ, start)).toEqual([]);
  });
});
