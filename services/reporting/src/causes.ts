import type { RiskFactor } from '@continuum/domain';

/**
 * The causes of baby abandonment the Kazakhstan research found, and the risk factors that point to each.
 * A family counts under every cause one of its factors points to, so the causes do not add up to the total.
 */
export const CAUSES = ['economic', 'family-support', 'young-age', 'health', 'declared-intent'] as const;
export type Cause = (typeof CAUSES)[number];

export const CAUSE_OF: Readonly<Record<RiskFactor, Cause>> = {
  poverty: 'economic',
  'no-housing': 'economic',
  unemployment: 'economic',
  'no-identity-papers': 'economic',
  'single-mother': 'family-support',
  'many-children': 'family-support',
  'no-partner-or-family-support': 'family-support',
  'birth-out-of-wedlock': 'family-support',
  'teenage-mother': 'young-age',
  'young-mother': 'young-age',
  'risky-pregnancy': 'health',
  'child-disability': 'health',
  'postpartum-depression': 'health',
  'substance-use': 'health',
  'art-non-adherence': 'health',
  'intent-to-abandon': 'declared-intent',
};
