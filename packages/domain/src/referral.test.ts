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

  describe('risk factors', () => {
    const kz = { ...valid, programme: 'abandonment-prevention', consent: undefined, mother: { fullName: 'A', birthDate: '1999-01-01' } };
    const issues = (input: unknown) => Referral.safeParse(input).error?.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) ?? [];

    it("are stored as the programme's codes: the facilities' spellings become them", () => {
      expect(Referral.parse({ ...valid, riskFactors: ['no-id-papers', 'no-partner-support', 'out-of-wedlock', 'single-mother'] }).riskFactors).toEqual([
        'no-identity-papers',
        'no-partner-or-family-support',
        'birth-out-of-wedlock',
        'single-mother',
      ]);
      expect(Referral.parse({ ...kz, riskFactors: ['Teenage-Pregnancy', 'lack-of-housing'] }).riskFactors).toEqual(['teenage-mother', 'no-housing']);
    });

    it('refuses an unknown code at its place, naming it and the codes accepted', () => {
      const found = issues({ ...valid, riskFactors: ['single-mother', 'poverty', 'foo'] });
      expect(found.map((i) => i.path)).toEqual(['riskFactors.2']);
      expect(found[0]!.message).toMatch(
        /^unknown risk factor "foo": the risk factors of hiv-family-follow-up are risky-pregnancy, .*art-non-adherence, intent-to-abandon, or an alias of one$/,
      );
    });

    it("refuses art-non-adherence on Kazakhstan's programme (only someone on ART has it), takes it on St. Petersburg's", () => {
      const found = issues({ ...kz, riskFactors: ['poverty', 'art-non-adherence'] });
      expect(found.map((i) => i.path)).toEqual(['riskFactors.1']);
      expect(found[0]!.message).toMatch(/^"art-non-adherence" is not a risk factor of abandonment-prevention/);
      expect(Referral.parse({ ...valid, riskFactors: ['art-non-adherence'] }).riskFactors).toEqual(['art-non-adherence']);
    });

    it('names a bad code beside the other bad fields of the same referral', () => {
      expect(paths({ ...valid, notes: 'a\u0000b', riskFactors: ['foo'] }).sort()).toEqual(['notes', 'riskFactors.0']);
      expect(paths({ ...kz, extra: 1, riskFactors: ['art-non-adherence'] }).sort()).toEqual(['', 'riskFactors.0']);
      // With no programme to judge them by, the codes are not judged.
      expect(paths({ ...valid, programme: 'other', riskFactors: ['foo'] })).toEqual(['programme']);
    });
  });
});

describe('Referral, whatever it is sent', () => {
  it.each([
    [[1, 2, 3]],
    [[[[]]]],
    [null],
    ['referral'],
    [42],
    [{ programme: 'abandonment-prevention', riskFactors: 'poverty' }],
    [{ programme: 'abandonment-prevention', riskFactors: [1] }],
  ])('%j: issues, never a throw', (input) => {
    expect(Referral.safeParse(input).success).toBe(false);
  });
});
