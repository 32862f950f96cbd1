import { RiskLevel } from './programme';
import { PRIORITY_OF, RiskRules, screenRisk } from './risk';

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
