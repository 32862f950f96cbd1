import type { RiskLevel } from '../programme';
import type { RiskFactor, RiskRules } from '../risk';

/**
 * The risk factors, from the seeds (Kazakhstan's causes of baby abandonment and St. Petersburg's HIV
 * follow-up): codes, never free text, so they may be counted and reported. The vocabulary every programme
 * draws on: each programme lists the codes it takes (packages/programmes), the enum and the documents come from it.
 */
export const RISK_FACTORS = [
  'risky-pregnancy',
  'single-mother',
  'teenage-mother',
  'young-mother',
  'many-children',
  'poverty',
  'no-housing',
  'unemployment',
  'no-identity-papers',
  'no-partner-or-family-support',
  'birth-out-of-wedlock',
  'child-disability',
  'postpartum-depression',
  'substance-use',
  'art-non-adherence',
  'intent-to-abandon',
] as const;

const isRiskFactor = (code: string): code is RiskFactor => (RISK_FACTORS as readonly string[]).includes(code);

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
