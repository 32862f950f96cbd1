import type { RiskLevel } from '../programme';
import type { RiskFactor, RiskRules } from '../risk';
import { PROGRAMMES } from './programmes';

/**
 * The risk factors, from the seeds (Kazakhstan's causes of baby abandonment and St. Petersburg's HIV
 * follow-up): codes, never free text, so they may be counted and reported. One table: each code with the
 * programmes whose vocabulary it is in. Every programme's list, the enum and the documentation come from it.
 */
export const RISK_FACTOR_PROGRAMMES = {
  'risky-pregnancy': PROGRAMMES,
  'single-mother': PROGRAMMES,
  'teenage-mother': PROGRAMMES,
  'young-mother': PROGRAMMES,
  'many-children': PROGRAMMES,
  poverty: PROGRAMMES,
  'no-housing': PROGRAMMES,
  unemployment: PROGRAMMES,
  'no-identity-papers': PROGRAMMES,
  'no-partner-or-family-support': PROGRAMMES,
  'birth-out-of-wedlock': PROGRAMMES,
  'child-disability': PROGRAMMES,
  'postpartum-depression': PROGRAMMES,
  'substance-use': PROGRAMMES,
  // Only someone on antiretroviral treatment can fail to adhere to it: the HIV programme's alone.
  'art-non-adherence': ['hiv-family-follow-up'],
  'intent-to-abandon': PROGRAMMES,
} as const satisfies Record<string, readonly (typeof PROGRAMMES)[number][]>;

const isRiskFactor = (code: string): code is RiskFactor => Object.hasOwn(RISK_FACTOR_PROGRAMMES, code);

export interface RiskScreening {
  score: number;
  level: RiskLevel;
  factors: RiskFactor[];
}

/**
 * Scores a screening: the sum of the weights of the distinct known factors present; unknown codes (a
 * referring system's own) count for nothing but are not an error. Pure: the workflow calls it.
 */
export function screenRisk(rules: RiskRules, codes: readonly string[], urgentReferral = false): RiskScreening {
  const factors = [...new Set(codes)].filter(isRiskFactor).sort();
  const score = factors.reduce((sum, f) => sum + (rules.weights[f] ?? 0), 0);
  const urgent = urgentReferral || factors.some((f) => rules.urgentFactors.includes(f));
  const level: RiskLevel = urgent ? 'urgent' : score >= rules.thresholds.high ? 'high' : score >= rules.thresholds.medium ? 'medium' : 'low';
  return { score, level, factors };
}

/** Inbox priority from risk: urgent cases' tasks come first. */
export const PRIORITY_OF: Readonly<Record<RiskLevel, number>> = { low: 0, medium: 1, high: 2, urgent: 3 };
