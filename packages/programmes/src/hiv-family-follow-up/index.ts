import { FOLLOW_UP } from '../algorithm';
import type { ProgrammeModule } from '../programme';
import { RISK_FACTORS } from '../risk-factors';
import { HIV_POLICIES } from './policies';

/**
 * St. Petersburg: social follow-up of HIV-positive mothers and their newborns (the seeds' order 181-r
 * model): from the maternity ward or the AIDS Center's referral until the child's HIV status is final.
 */
export const hivFamilyFollowUp: ProgrammeModule<'hiv-family-follow-up'> = {
  id: 'hiv-family-follow-up',
  title: 'Social follow-up of HIV-positive mothers and their newborns',
  policies: HIV_POLICIES,
  algorithm: FOLLOW_UP,
  currentPolicy: 'spb-2026.4',
  riskFactors: RISK_FACTORS, // every one: art-non-adherence is this programme's own
  // The programme works with HIV status, so a referral arrives with the mother's recorded decision.
  consentRequired: true,
  reportCharts: ['followUp.openAtEnd', 'firstContact.withinDeadlineShare'],
  // A case closes once the child's HIV status is final (18 months at the earliest); a mother is often referred
  // again with a later pregnancy, and the team then needs what was learnt. Five years covers the usual interval
  // between births and the audits that look back over the indicators' years.
  retentionYears: 5,
  firstVersion: { version: 'spb-2026.1', firstContactWorkingDays: 3, urgentHours: 24, needsAssessmentWorkingDays: 10 },
};
