import { ageInMonths } from './age';

describe('ageInMonths', () => {
  it('counts whole months, the day of the month included', () => {
    expect(ageInMonths('2026-10-01', '2026-11-22')).toBe(1);
    expect(ageInMonths('2026-01-31', '2026-02-28')).toBe(0);
    expect(ageInMonths('2026-01-31', '2026-03-01')).toBe(1);
    expect(ageInMonths('2023-11-22', '2026-11-22')).toBe(36);
    expect(ageInMonths('2023-11-23', '2026-11-22')).toBe(35);
  });

  it('is null for a date it cannot read, and never negative', () => {
    expect(ageInMonths('', '2026-11-22')).toBeNull();
    expect(ageInMonths('2026-12-01', '2026-11-22')).toBe(0);
  });
});
