import { STANDARD_CHILD_HIV_STATUS } from '@continuum/programmes';
import type { ChildHivStatusRule, Policy } from '../policy';

export { STANDARD_CHILD_HIV_STATUS };

/** The rule a policy states; a policy from before rules were stated (spb-2026.3 and older) follows the standard schedule. */
export const childHivStatusRuleOf = (policy: Policy | undefined): ChildHivStatusRule => policy?.childHivStatus ?? STANDARD_CHILD_HIV_STATUS;

/** One reported result of one child; `test` and `milestone` are absent in results reported before results had them. */
export interface ReportedHivResult {
  /** When the result was reported: a status becomes final then. */
  at: Date;
  result: string;
  test?: string;
  milestone?: string;
  breastfed?: boolean;
}

export interface FinalHivStatus {
  status: 'positive' | 'negative';
  /** The report that made it final. */
  at: Date;
}

/**
 * A child's final HIV status from its results in the order they were reported, or null while it is not
 * final. Once final it stays: a later result does not make the child final a second time. A result without
 * a test (reported before results had one) keeps the meaning it had: a conclusive result is final.
 * Pure: the reporting service and the tests call it.
 */
export function finalHivStatus(results: readonly ReportedHivResult[], rule: ChildHivStatusRule): FinalHivStatus | null {
  let positivePcrs = 0;
  let negativePcrsNeverBreastfed = 0;
  for (const r of [...results].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (r.result !== 'positive' && r.result !== 'negative') continue; // indeterminate: tested again
    if (r.test === undefined) return { status: r.result, at: r.at };
    if (r.result === 'positive') {
      if (r.test === 'pcr' && ++positivePcrs >= rule.positivePcrs) return { status: 'positive', at: r.at };
      continue;
    }
    if (r.test === 'antibody' && (rule.negativeAntibodyAt as readonly string[]).includes(r.milestone ?? '')) return { status: 'negative', at: r.at };
    if (
      r.test === 'pcr' &&
      r.breastfed === false &&
      rule.negativePcrsNeverBreastfed !== null &&
      ++negativePcrsNeverBreastfed >= rule.negativePcrsNeverBreastfed
    ) {
      return { status: 'negative', at: r.at };
    }
  }
  return null;
}
