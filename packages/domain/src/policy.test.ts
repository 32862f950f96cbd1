import { addWorkingDays } from './dates';
import { firstContactDue, POLICIES } from './policy';

describe('deadlines', () => {
  it('counts working days over a weekend', () => {
    // Friday + 3 working days = Wednesday; Saturday + 1 = Monday.
    expect(addWorkingDays(new Date('2026-11-20T10:00:00Z'), 3).toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(addWorkingDays(new Date('2026-11-21T10:00:00Z'), 1).toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });
  it('gives the first contact 3 working days, or 24 hours when urgent', () => {
    const policy = POLICIES['abandonment-prevention'];
    const referred = new Date('2026-11-20T10:00:00Z');
    expect(firstContactDue(policy, referred, false).toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(firstContactDue(policy, referred, true).toISOString()).toBe('2026-11-21T10:00:00.000Z');
  });
});
