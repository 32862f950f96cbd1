/**
 * The risk factors, from the seeds (Kazakhstan's causes of baby abandonment and St. Petersburg's HIV
 * follow-up): codes, never free text, so they may be counted and reported. The vocabulary every programme
 * draws on: each programme takes its codes from it (its `riskFactors`); the enum and the documents come from it.
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
