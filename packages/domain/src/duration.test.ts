import { after, Duration } from './duration';

const friday = new Date('2026-11-20T10:00:00Z');
const at = (d: Duration, from = friday) => after(from, d).toISOString();

describe('after', () => {
  it('counts working days over the weekend', () => {
    expect(at({ workingDays: 1 })).toBe('2026-11-23T10:00:00.000Z'); // Monday
    expect(at({ workingDays: 3 })).toBe('2026-11-25T10:00:00.000Z'); // Wednesday
    expect(at({ workingDays: 5 })).toBe('2026-11-27T10:00:00.000Z'); // next Friday
    expect(at({ workingDays: 1 }, new Date('2026-11-21T10:00:00Z'))).toBe('2026-11-23T10:00:00.000Z'); // Saturday + 1 = Monday
  });

  it('counts calendar days, hours and seconds as they are', () => {
    expect(at({ days: 2 })).toBe('2026-11-22T10:00:00.000Z');
    expect(at({ days: 42 })).toBe('2027-01-01T10:00:00.000Z');
    expect(at({ hours: 24 })).toBe('2026-11-21T10:00:00.000Z');
    expect(at({ hours: 4 })).toBe('2026-11-20T14:00:00.000Z');
    expect(at({ seconds: 90 })).toBe('2026-11-20T10:01:30.000Z');
  });

  it('does not change the date it starts from', () => {
    const from = new Date(friday);
    after(from, { days: 1 });
    expect(from.toISOString()).toBe('2026-11-20T10:00:00.000Z');
  });
});

describe('Duration', () => {
  it.each([{ workingDays: 3 }, { days: 91 }, { hours: 24 }, { seconds: 4 }])('accepts %j', (d) => {
    expect(Duration.safeParse(d).success).toBe(true);
  });

  it.each([
    { days: 1, hours: 1 },
    { workingDays: 1, seconds: 1 },
    {},
    { weeks: 1 },
    { days: 0 },
    { hours: -1 },
    { seconds: -5 },
    { days: 1.5 },
    { workingDays: 61 },
    { seconds: 3601 },
  ])('rejects %j', (d) => {
    expect(Duration.safeParse(d).success).toBe(false);
  });
});
