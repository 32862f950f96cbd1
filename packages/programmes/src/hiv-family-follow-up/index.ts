import type { ProgrammeModule } from '../programme';
import { HIV_POLICIES } from './policies';

/**
 * St. Petersburg: social follow-up of HIV-positive mothers and their newborns (the seeds' order 181-r
 * model): from the maternity ward or the AIDS Center's referral until the child's HIV status is final.
 */
export const hivFamilyFollowUp: ProgrammeModule<'hiv-family-follow-up'> = {
  id: 'hiv-family-follow-up',
  title: 'Social follow-up of HIV-positive mothers and their newborns',
  policies: HIV_POLICIES,
  currentPolicy: 'spb-2026.4',
  riskFactors: [
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
  ],
  // The programme works with HIV status, so a referral arrives with the mother's recorded decision.
  consentRequired: true,
  reportCharts: ['followUp.openAtEnd', 'firstContact.withinDeadlineShare'],
  firstVersion: { version: 'spb-2026.1', firstContactWorkingDays: 3, urgentHours: 24, needsAssessmentWorkingDays: 10 },
};
