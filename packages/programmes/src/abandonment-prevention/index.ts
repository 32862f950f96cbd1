import type { ProgrammeModule } from '../programme';
import { ABANDONMENT_POLICIES } from './policies';

/** Kazakhstan: prevention of baby abandonment by social workers in primary health care. */
export const abandonmentPrevention: ProgrammeModule<'abandonment-prevention'> = {
  id: 'abandonment-prevention',
  title: 'Prevention of baby abandonment',
  policies: ABANDONMENT_POLICIES,
  currentPolicy: 'kz-2026.3',
  // Every code of the shared vocabulary but art-non-adherence: only someone on antiretroviral treatment can
  // fail to adhere to it, which is the HIV programme's.
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
    'intent-to-abandon',
  ],
  consentRequired: false,
  reportCharts: ['children.enteredCare0to3', 'firstContact.withinDeadlineShare'],
  firstVersion: { version: 'kz-2026.1', firstContactWorkingDays: 3, urgentHours: 24, needsAssessmentWorkingDays: 10 },
};
