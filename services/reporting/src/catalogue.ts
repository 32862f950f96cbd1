import { RiskFactor, RiskLevel, type Programme } from '@continuum/domain';
import { CAUSES } from './causes';

/**
 * What an indicator is, for suppression and for reading it:
 * - count: families, children, tasks… counted. Small counts are suppressed outside the district.
 * - median: of the samples behind a count (`of`); hidden when that count is below the threshold.
 * - share: `num` / `den`, both counts; hidden when either is.
 * - ratio: a count (`of`) per something that is not about families (social workers); hidden with its count.
 * - reference: the district's own data (staff, population): never suppressed.
 */
export type IndicatorKind = 'count' | 'median' | 'share' | 'ratio' | 'reference';
export type Section = 'follow-up' | 'children' | 'risk' | 'staff' | 'process';

export interface IndicatorDef {
  name: string;
  label: string;
  kind: IndicatorKind;
  section: Section;
  /** The programmes whose reports show it (both when absent). */
  programmes?: Programme[];
  of?: string;
  num?: string;
  den?: string;
}

const SPB: Programme[] = ['hiv-family-follow-up'];
const KZ: Programme[] = ['abandonment-prevention'];
const count = (name: string, label: string, section: Section, programmes?: Programme[]): IndicatorDef => ({ name, label, kind: 'count', section, ...(programmes && { programmes }) });

export const INDICATORS: readonly IndicatorDef[] = [
  // St. Petersburg: long-term follow-up and its outcome.
  count('followUp.openAtEnd', 'Families in long-term follow-up at the end of the period', 'follow-up', SPB),
  count('followUp.enrolled', 'Families enrolled in long-term follow-up in the period (support plan approved)', 'follow-up', SPB),
  count('closed', 'Cases closed in the period (rejected referrals aside)', 'follow-up', SPB),
  count('closed.completedSuccessfully', 'Cases closed in the period: follow-up completed successfully', 'follow-up', SPB),
  { name: 'closed.completedSuccessfullyShare', label: 'Share of closed cases completed successfully', kind: 'share', num: 'closed.completedSuccessfully', den: 'closed', section: 'follow-up', programmes: SPB },
  count('covered.families', 'Families on follow-up at some time in the period', 'follow-up'),
  count('covered.people', 'People covered: the mothers and children of those families', 'follow-up'),
  // Children.
  count('children.abandonedByHivPositiveMother', 'Children of HIV-positive mothers on follow-up placed in care (abandoned)', 'children', SPB),
  count('children.finalHivStatus', "Children whose HIV status became final in the period (latest conclusive result)", 'children', SPB),
  count('children.hivTransmissions', 'Of them HIV-positive: mother-to-child transmissions', 'children', SPB),
  { name: 'children.hivTransmissionRate', label: 'Mother-to-child transmission rate', kind: 'share', num: 'children.hivTransmissions', den: 'children.finalHivStatus', section: 'children', programmes: SPB },
  count('children.enteredCare', 'Children of families on follow-up placed in residential care', 'children', KZ),
  count('children.enteredCare0to3', 'Of them aged 0–3 years', 'children', KZ),
  count('intentToAbandon.declared', 'Intents to abandon declared (on the referral or during follow-up)', 'children', KZ),
  count('intentToAbandon.families', 'Families that declared an intent to abandon in the period', 'children', KZ),
  count('intentToAbandon.childrenStayed', 'Children of those families who stayed with the family', 'children', KZ),
  count('intentToAbandon.childrenPlaced', 'Children of those families placed in care', 'children', KZ),
  // Kazakhstan: families identified at risk.
  count('atRisk.families', 'Families identified at risk (referred in the period)', 'risk', KZ),
  ...RiskLevel.options.map((level) => count(`atRisk.level.${level}`, `… at ${level} risk when referred`, 'risk', KZ)),
  ...CAUSES.map((cause) => count(`atRisk.cause.${cause}`, `… with a ${cause} cause`, 'risk', KZ)),
  ...[...RiskFactor.options, 'other'].map((factor) => count(`atRisk.factor.${factor}`, `… with the factor ${factor}`, 'risk', KZ)),
  // Staffing (reference data) and caseload.
  { name: 'staff.socialWorkers', label: 'Social workers (caseworkers) in the district', kind: 'reference', section: 'staff' },
  { name: 'staff.population', label: 'Inhabitants', kind: 'reference', section: 'staff' },
  { name: 'staff.socialWorkersPer10k', label: 'Social workers per 10,000 inhabitants', kind: 'reference', section: 'staff' },
  count('caseload.openCases', 'Open cases at the end of the period', 'staff'),
  { name: 'caseload.perWorker', label: 'Open cases per social worker', kind: 'ratio', of: 'caseload.openCases', section: 'staff' },
  // Process.
  count('firstContact.count', 'First contacts made in the period (family reached, or refused)', 'process'),
  { name: 'firstContact.medianDays', label: 'Median days from referral to first contact (each delay in whole days, to the nearest)', kind: 'median', of: 'firstContact.count', section: 'process' },
  count('firstContact.withinDeadline', "First contacts within the policy's deadline", 'process'),
  { name: 'firstContact.withinDeadlineShare', label: "Share of first contacts within the policy's deadline", kind: 'share', num: 'firstContact.withinDeadline', den: 'firstContact.count', section: 'process' },
  count('contacts.planned', 'Contacts planned in the period (opened, not cancelled by a closure)', 'process'),
  count('contacts.done', 'Of them done (family reached)', 'process'),
  { name: 'contacts.doneShare', label: 'Share of planned contacts done', kind: 'share', num: 'contacts.done', den: 'contacts.planned', section: 'process' },
  count('tasks.overdue', 'Tasks that went overdue (escalated) in the period', 'process'),
  count('conferences.held', 'Case conferences held (decisions recorded)', 'process'),
  { name: 'plan.medianDaysToApproval', label: 'Median days from referral to an approved support plan (each delay in whole days, to the nearest)', kind: 'median', of: 'followUp.enrolled', section: 'process' },
];

export const INDICATOR_NAMES = INDICATORS.map((i) => i.name);
export const indicatorDef = (name: string): IndicatorDef | undefined => INDICATORS.find((i) => i.name === name);

/** Counts within one row that add up to another of the row: published together, a hidden part could be worked out. */
export const ROW_SUMS: ReadonlyArray<{ parts: string[]; total: string }> = [{ parts: RiskLevel.options.map((l) => `atRisk.level.${l}`), total: 'atRisk.families' }];
