import { FOLLOW_UP } from '../algorithm';
import type { ProgrammeModule } from '../programme';
import { RISK_FACTORS } from '../risk-factors';
import { ABANDONMENT_POLICIES } from './policies';

/** Kazakhstan: prevention of baby abandonment by social workers in primary health care. */
export const abandonmentPrevention: ProgrammeModule<'abandonment-prevention'> = {
  id: 'abandonment-prevention',
  title: 'Prevention of baby abandonment',
  policies: ABANDONMENT_POLICIES,
  algorithm: FOLLOW_UP,
  currentPolicy: 'kz-2026.3',
  // Every code of the shared vocabulary but art-non-adherence: only someone on antiretroviral treatment can
  // fail to adhere to it, which is the HIV programme's.
  riskFactors: RISK_FACTORS.filter((f) => f !== 'art-non-adherence'),
  consentRequired: false,
  reportCharts: ['children.enteredCare0to3', 'firstContact.withinDeadlineShare'],
  // The programme watches a child's first three years (entries into care 0–3 are its indicator); a case closed
  // at birth can matter until the child is past that age and a sibling's referral may need it: five years.
  retentionYears: 5,
  firstVersion: { version: 'kz-2026.1', firstContactWorkingDays: 3, urgentHours: 24, needsAssessmentWorkingDays: 10 },
};
