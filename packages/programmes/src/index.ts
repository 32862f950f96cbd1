import { abandonmentPrevention } from './abandonment-prevention';
import { hivFamilyFollowUp } from './hiv-family-follow-up';
import { parentInTreatment } from './parent-in-treatment';

export type { ProgrammeModule } from './programme';
export { FOLLOW_UP, stepsOf, type Algorithm, type NamedStep, type Reaction, type Step } from './algorithm';
export { STANDARD_CHILD_HIV_STATUS } from './hiv-family-follow-up/child-hiv-status';
export { RISK_FACTORS } from './risk-factors';
export { SECTIONS, UNITS, type ProgrammeIndicator } from './indicators';
export type { FieldSpec, FormSpec, OwnTask } from './own-tasks';

/** Every programme the system runs: adding one is a folder under src/ and a line here. */
export const PROGRAMMES = [hivFamilyFollowUp, abandonmentPrevention, parentInTreatment] as const;
