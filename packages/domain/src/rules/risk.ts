import { RISK_FACTORS } from '@continuum/programmes';
import type { RiskLevel } from '../programme';
import type { RiskFactor, RiskRules } from '../risk';

export { RISK_FACTORS };

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
