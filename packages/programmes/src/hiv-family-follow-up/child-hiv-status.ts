import type { ChildHivStatusRule } from '@continuum/domain';

/**
 * The standard schedule: positive when a second positive PCR confirms the first; negative with a negative
 * antibody test at 18 months. Negative PCRs alone never confirm it (a city whose protocol allows it for a
 * child never breastfed sets `negativePcrsNeverBreastfed` in its policy). Applied by `finalHivStatus`
 * (packages/domain/src/rules/child-hiv-status.ts).
 */
export const STANDARD_CHILD_HIV_STATUS: ChildHivStatusRule = Object.freeze({
  positivePcrs: 2,
  negativeAntibodyAt: Object.freeze(['18-months']) as ChildHivStatusRule['negativeAntibodyAt'],
  negativePcrsNeverBreastfed: null,
});
