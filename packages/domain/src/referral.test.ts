import { Referral } from './referral';

const valid = {
  referralId: 'r-1',
  district: 'spb-nevsky',
  programme: 'hiv-family-follow-up',
  referredAt: '2026-11-20T10:00:00Z',
  mother: { fullName: 'A', birthDate: '1999-01-01', hivStatus: 'positive' },
  consent: { granted: true, scope: ['social-service'], signedOn: '2026-11-19', signedBy: 'mother' },
};
const paths = (input: unknown) => {
  const r = Referral.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('Referral', () => {
  it('accepts a complete referral and fills defaults', () => {
    const r = Referral.parse(valid);
    expect(r).toMatchObject({ urgent: false, children: [], riskFactors: [] });
  });
  it('requires consent on the HIV programme, not on abandonment prevention', () => {
    expect(paths({ ...valid, consent: undefined, mother: { fullName: 'A', birthDate: '1999-01-01' } })).toEqual(['consent']);
    expect(paths({ ...valid, programme: 'abandonment-prevention', consent: undefined, mother: { fullName: 'A', birthDate: '1999-01-01' } })).toEqual([]);
  });
  it('refuses an HIV status without a granted consent', () => {
    expect(paths({ ...valid, consent: { ...valid.consent, granted: false } })).toEqual(['mother.hivStatus']);
  });
  it('refuses unknown fields, control characters, bad ids and dates out of range', () => {
    expect(paths({ ...valid, extra: 1 })).toEqual(['']);
    expect(paths({ ...valid, notes: 'a\u0000b' })).toEqual(['notes']);
    expect(paths({ ...valid, referralId: 'has space' })).toEqual(['referralId']);
    expect(paths({ ...valid, referredAt: '1800-01-01T00:00:00Z' })).toEqual(['referredAt']);
    expect(paths({ ...valid, mother: { ...valid.mother, birthDate: '2026-02-30' } })).toEqual(['mother.birthDate']);
  });
  it('bounds strings and arrays', () => {
    expect(paths({ ...valid, notes: 'x'.repeat(2001) })).toEqual(['notes']);
    expect(paths({ ...valid, children: Array.from({ length: 16 }, () => ({})) })).toEqual(['children']);
  });
});
