import { z } from 'zod';
import type { RiskLevel } from './programme';

/**
 * Risk factors from the seeds (Kazakhstan's causes of baby abandonment and St. Petersburg's HIV follow-up):
 * codes, never free text, so they may be counted and reported.
 */
export const RiskFactor = z.enum([
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
]);
export type RiskFactor = z.infer<typeof RiskFactor>;

/** A programme's risk rules: a weight per factor, the score thresholds of each level, the urgent factors. */
export const RiskRules = z.strictObject({
  weights: z.partialRecord(RiskFactor, z.number().int().min(0).max(10)),
  thresholds: z
    .strictObject({ medium: z.number().int().min(1), high: z.number().int().min(1) })
    .refine((t) => t.medium < t.high, { path: ['high'], message: 'must be above medium' }),
  /** Any one of these starts the urgent path at once, whatever the score. */
  urgentFactors: z.array(RiskFactor).min(1),
});
export type RiskRules = z.infer<typeof RiskRules>;

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
  const factors = [...new Set(codes)].filter((c): c is RiskFactor => RiskFactor.safeParse(c).success).sort();
  const score = factors.reduce((sum, f) => sum + (rules.weights[f] ?? 0), 0);
  const urgent = urgentReferral || factors.some((f) => rules.urgentFactors.includes(f));
  const level: RiskLevel = urgent ? 'urgent' : score >= rules.thresholds.high ? 'high' : score >= rules.thresholds.medium ? 'medium' : 'low';
  return { score, level, factors };
}

/** Inbox priority from risk: urgent cases' tasks come first. */
export const PRIORITY_OF: Readonly<Record<RiskLevel, number>> = { low: 0, medium: 1, high: 2, urgent: 3 };
