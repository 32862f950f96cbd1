import { CaseId } from '@continuum/domain';
import { caseIdForReferral } from './case-id';

describe('caseIdForReferral', () => {
  it('is the same for the same referral and differs across facilities', () => {
    const a = caseIdForReferral('facility-a', 'r-1');
    expect(caseIdForReferral('facility-a', 'r-1')).toBe(a);
    expect(caseIdForReferral('facility-b', 'r-1')).not.toBe(a);
    expect(caseIdForReferral('facility-a', 'r-2')).not.toBe(a);
    expect(CaseId.safeParse(a).success).toBe(true);
  });
  it('cannot be confused by moving the separator', () => {
    expect(caseIdForReferral('a', 'bc')).not.toBe(caseIdForReferral('ab', 'c'));
  });
});
