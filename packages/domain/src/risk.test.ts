import { z } from 'zod';
import { POLICY_VERSIONS } from './rules/policies';
import { programmeOf } from './rules/programmes';
import { Programme, RiskLevel } from './programme';
import { canonicalRiskFactor, PRIORITY_OF, PROGRAMME_RISK_FACTORS, RISK_FACTOR_ALIASES, RiskFactor, RiskRules, screenRisk, SentRiskFactor } from './risk';

const rules = RiskRules.parse({
  weights: { poverty: 1, 'no-housing': 2, 'substance-use': 3, 'intent-to-abandon': 0 },
  thresholds: { medium: 3, high: 6 },
  urgentFactors: ['intent-to-abandon'],
});

describe('screenRisk', () => {
  it('sums the weights of the distinct known factors', () => {
    expect(screenRisk(rules, ['poverty', 'no-housing'])).toEqual({ score: 3, level: 'medium', factors: ['no-housing', 'poverty'] });
  });

  it('keeps a known factor without a weight but scores it 0', () => {
    expect(screenRisk(rules, ['unemployment', 'poverty'])).toEqual({ score: 1, level: 'low', factors: ['poverty', 'unemployment'] });
  });

  it('ignores unknown codes', () => {
    expect(screenRisk(rules, ['poverty', 'kz-local-code-17', 'POVERTY'])).toEqual({ score: 1, level: 'low', factors: ['poverty'] });
  });

  it('counts a repeated factor once', () => {
    expect(screenRisk(rules, ['no-housing', 'no-housing', 'no-housing']).score).toBe(2);
  });

  it('returns the factors sorted and deduplicated', () => {
    expect(screenRisk(rules, ['substance-use', 'poverty', 'substance-use', 'no-housing']).factors).toEqual(['no-housing', 'poverty', 'substance-use']);
  });

  it.each([
    [[], 0, 'low'],
    [['no-housing'], 2, 'low'],
    [['poverty', 'no-housing'], 3, 'medium'],
    [['no-housing', 'substance-use'], 5, 'medium'],
    [['poverty', 'no-housing', 'substance-use'], 6, 'high'],
  ] as const)('%j scores %i: %s (a level starts exactly at its threshold)', (codes, score, level) => {
    expect(screenRisk(rules, codes)).toMatchObject({ score, level });
  });

  it('an urgent factor makes the case urgent whatever the score', () => {
    expect(screenRisk(rules, ['intent-to-abandon'])).toEqual({ score: 0, level: 'urgent', factors: ['intent-to-abandon'] });
  });

  it('an urgent referral is urgent even without factors', () => {
    expect(screenRisk(rules, [], true)).toEqual({ score: 0, level: 'urgent', factors: [] });
    expect(screenRisk(rules, ['poverty'], false).level).toBe('low');
  });
});

describe('PRIORITY_OF', () => {
  it('orders low < medium < high < urgent', () => {
    expect(Object.keys(PRIORITY_OF).sort()).toEqual([...RiskLevel.options].sort());
    const ranks = (['low', 'medium', 'high', 'urgent'] as const).map((level) => PRIORITY_OF[level]);
    ranks.slice(1).forEach((rank, i) => expect(rank).toBeGreaterThan(ranks[i]!));
  });
});

describe('the risk factor vocabularies', () => {
  const HIV = 'hiv-family-follow-up';
  const KZ = 'abandonment-prevention';

  it("St. Petersburg's programme has every risk factor; Kazakhstan's all but art-non-adherence", () => {
    expect(PROGRAMME_RISK_FACTORS[HIV]).toEqual(RiskFactor.options);
    expect(PROGRAMME_RISK_FACTORS[KZ]).toEqual(RiskFactor.options.filter((f) => f !== 'art-non-adherence'));
    expect(PROGRAMME_RISK_FACTORS[KZ]).toContain('intent-to-abandon');
  });

  it("each policy weighs exactly its programme's risk factors, and its urgent ones are among them", () => {
    for (const policy of Object.values(POLICY_VERSIONS)) {
      expect([policy.version, Object.keys(policy.risk.weights).sort()]).toEqual([policy.version, [...PROGRAMME_RISK_FACTORS[policy.programme]].sort()]);
      for (const f of policy.risk.urgentFactors) expect(PROGRAMME_RISK_FACTORS[policy.programme]).toContain(f);
    }
  });

  it.each([
    ['no-id-papers', 'no-identity-papers'],
    ['no-partner-support', 'no-partner-or-family-support'],
    ['out-of-wedlock', 'birth-out-of-wedlock'],
    ['teenage-pregnancy', 'teenage-mother'],
    ['child-with-disability', 'child-disability'],
    ['disability-of-child', 'child-disability'],
    ['lack-of-housing', 'no-housing'],
    ['postnatal-depression', 'postpartum-depression'],
    ['No-ID-Papers', 'no-identity-papers'],
    ['POVERTY', 'poverty'],
    ['poverty', 'poverty'],
  ])('%s is %s', (sent, code) => {
    expect(canonicalRiskFactor(sent)).toBe(code);
  });

  it('an alias is no code itself, and names a code of every programme', () => {
    for (const [alias, code] of Object.entries(RISK_FACTOR_ALIASES)) {
      expect(RiskFactor.safeParse(alias).success).toBe(false);
      // (A test programme keeps a few codes only.)
      for (const programme of Programme.options.filter((p) => !programmeOf(p).testOnly)) expect(PROGRAMME_RISK_FACTORS[programme]).toContain(code);
    }
  });

  it('knows no other code, whatever an object has by inheritance', () => {
    for (const code of ['foo', 'constructor', 'toString', 'hasOwnProperty', 'bad-luck']) expect(canonicalRiskFactor(code)).toBeUndefined();
  });

  it('a sent risk factor becomes its code; one outside the vocabulary is refused, named, with the codes listed', () => {
    const sent = z.array(SentRiskFactor(PROGRAMME_RISK_FACTORS[KZ], KZ));
    expect(sent.parse(['no-id-papers', 'poverty'])).toEqual(['no-identity-papers', 'poverty']);
    const r = sent.safeParse(['poverty', 'single-mother', 'foo', 'art-non-adherence']);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['2', '3']);
    expect(r.error?.issues[0]?.message).toMatch(
      /^unknown risk factor "foo": the risk factors of abandonment-prevention are risky-pregnancy, .*intent-to-abandon/,
    );
    expect(r.error?.issues[1]?.message).toMatch(/^"art-non-adherence" is not a risk factor of abandonment-prevention/);
    expect(r.error?.issues[1]?.message).not.toMatch(/are .*art-non-adherence/);
  });

  it('screenRisk still ignores the codes of no vocabulary and takes no alias (old cases may carry them)', () => {
    expect(screenRisk(rules, ['poverty', 'no-id-papers', 'foo'])).toEqual({ score: 1, level: 'low', factors: ['poverty'] });
  });
});
