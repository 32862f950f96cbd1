import { z } from 'zod';
import { Programme, RiskFactor, RiskLevel, type ProgrammeId } from '@continuum/domain';
import { PROGRAMMES, SECTIONS, UNITS, type ProgrammeIndicator } from '@continuum/programmes';
import { CaseInPeriod, days, firstContactDeadline, type Counted } from './case-in-period';
import { CAUSE_OF, CAUSES } from './causes';

/** The table of the quarterly report an indicator is shown in. */
export const Section = z.enum(SECTIONS);
export type Section = z.infer<typeof Section>;
/** What one unit of a count is (a share or a ratio: of its count; a median: days). */
export const Unit = z.enum(UNITS);
export type Unit = z.infer<typeof Unit>;
/**
 * Which moment of a period an indicator reads (as indicators.ts counts it):
 * - flow: what happened in the period (at the time it happened);
 * - stock: what stood at the end of the period, or now while the period runs;
 * - open-during: the cases open at some moment of the period;
 * - reference: the district's reference data as it is now, whatever the period.
 */
export const PeriodRule = z.enum(['flow', 'stock', 'open-during', 'reference']);
export type PeriodRule = z.infer<typeof PeriodRule>;

interface Common<N extends string> {
  name: N;
  label: string;
  section: Section;
  /** The programmes whose reports show it (every one listed when it applies to every programme). */
  programmes: readonly Programme[];
  unit: Unit;
  period: PeriodRule;
  /** What the label and the period rule leave to say, e.g. that each child counts once. */
  note?: string;
}
/** What a case counts to an indicator in a period: when each thing happened (and how many, if not 1). */
export type CountRule = (c: CaseInPeriod) => readonly Counted[];
/** What a case adds to a median's samples in a period: each delay in whole days, when it happened. */
export type SampleRule = (c: CaseInPeriod) => ReadonlyArray<{ at: Date; value: number }>;

/**
 * One entry of the catalogue, by what the indicator is (for suppression and for reading it):
 * - count: families, children, tasks… counted. Small counts are suppressed outside the district.
 * - median: of the `samples` behind a count (`of`); hidden when that count is below the threshold.
 * - share: `num` / `den`, both counts; hidden when either is.
 * - ratio: a count (`of`) per something that is not about families (`base`: per social worker); hidden with its count.
 * - reference: the district's own data (staff, population): never suppressed.
 * definitions.ts derives from it what a reader is told (the labels of its parts, its suppression).
 */
export type IndicatorDef<N extends string = string> =
  | (Common<N> & { kind: 'count'; counted: CountRule })
  | (Common<N> & { kind: 'share'; num: string; den: string })
  | (Common<N> & { kind: 'median'; of: string; samples: string; sampleKey: string; sampled: SampleRule })
  | (Common<N> & { kind: 'ratio'; of: string; base: string })
  | (Common<N> & { kind: 'reference'; base?: string });
export type IndicatorKind = IndicatorDef['kind'];

const SPB: Programme[] = ['hiv-family-follow-up'];
const KZ: Programme[] = ['abandonment-prevention'];
const EVERY: Programme[] = Programme.options;

const count = <N extends string>(
  name: N,
  label: string,
  section: Section,
  programmes: Programme[],
  unit: Unit,
  period: PeriodRule,
  counted: CountRule,
  note?: string,
): IndicatorDef<N> & { kind: 'count' } => ({
  name,
  label,
  kind: 'count',
  section,
  programmes,
  unit,
  period,
  counted,
  ...(note && { note }),
});

/** The indicators every programme's reports draw on (each entry says which programmes show it). */
export const STANDARD_INDICATORS = [
  // St. Petersburg: long-term follow-up and its outcome.
  count(
    'followUp.openAtEnd',
    'Families in long-term follow-up at the end of the period',
    'follow-up',
    SPB,
    'families',
    'stock',
    (c) => (c.openAtEnd(c.f.followUpAt) ? [{ at: c.asOf }] : []),
    'Support plan approved and the case not closed.',
  ),
  count('followUp.enrolled', 'Families enrolled in long-term follow-up in the period (support plan approved)', 'follow-up', SPB, 'families', 'flow', (c) =>
    c.inPeriod(c.f.followUpAt) ? [{ at: c.f.followUpAt }] : [],
  ),
  count(
    'closed',
    'Cases closed in the period (rejected referrals aside)',
    'follow-up',
    SPB,
    'cases',
    'flow',
    (c) => (c.closure ? [{ at: c.closure.at }] : []),
    "A case closed twice in the period counts once, with its last closure's outcome.",
  ),
  count('closed.completedSuccessfully', 'Cases closed in the period: follow-up completed successfully', 'follow-up', SPB, 'cases', 'flow', (c) =>
    c.closure?.outcome === 'completed-successfully' ? [{ at: c.closure.at }] : [],
  ),
  {
    name: 'closed.completedSuccessfullyShare',
    label: 'Share of closed cases completed successfully',
    kind: 'share',
    num: 'closed.completedSuccessfully',
    den: 'closed',
    section: 'follow-up',
    programmes: SPB,
    unit: 'cases',
    period: 'flow',
  },
  count('covered.families', 'Families on follow-up at some time in the period', 'follow-up', EVERY, 'families', 'open-during', (c) =>
    c.coveredFrom ? [{ at: c.coveredFrom }] : [],
  ),
  count(
    'covered.people',
    'People covered: the mothers, children and other household members of those families',
    'follow-up',
    EVERY,
    'people',
    'open-during',
    (c) => (c.coveredFrom ? [{ at: c.coveredFrom, value: c.f.familyMembers ?? 1 }] : []),
    'The members of the family on the case: the mother, the children and the rest of the household, as the family record says now (1 when not known).',
  ),
  // Children.
  count(
    'children.abandonedByHivPositiveMother',
    'Children of HIV-positive mothers on follow-up placed in care (abandoned)',
    'children',
    SPB,
    'children',
    'flow',
    (c) => (c.f.motherHivPositive ? c.placedInPeriod : []),
    'Each child once, at its first placement.',
  ),
  count(
    'children.finalHivStatus',
    "Children whose HIV status became final in the period (by the policy's rule: confirmed positive by a second positive PCR; confirmed negative by a negative antibody test at 18 months, or where the city's protocol allows it by negative PCRs of a child never breastfed)",
    'children',
    SPB,
    'children',
    'flow',
    (c) => c.finalHivStatuses,
    'Each child once, in the quarter its status became final.',
  ),
  count(
    'children.hivTransmissions',
    'Of them confirmed HIV-positive: mother-to-child transmissions',
    'children',
    SPB,
    'children',
    'flow',
    (c) => c.finalHivStatuses.filter((final) => final.status === 'positive'),
    'Each child once, in the quarter its status became final.',
  ),
  {
    name: 'children.hivTransmissionRate',
    label: 'Mother-to-child transmission rate',
    kind: 'share',
    num: 'children.hivTransmissions',
    den: 'children.finalHivStatus',
    section: 'children',
    programmes: SPB,
    unit: 'children',
    period: 'flow',
  },
  count(
    'children.enteredCare',
    'Children of families on follow-up placed in residential care',
    'children',
    KZ,
    'children',
    'flow',
    (c) => c.placedInPeriod,
    'Each child once, at its first placement.',
  ),
  count(
    'children.enteredCare0to3',
    'Of them aged 0–3 years',
    'children',
    KZ,
    'children',
    'flow',
    (c) => c.placedInPeriod.filter((pl) => pl.ageMonths !== undefined && pl.ageMonths !== null && pl.ageMonths < 36),
    'Each child once, at its first placement; its age then.',
  ),
  count(
    'intentToAbandon.declared',
    'Intents to abandon declared (on the referral or during follow-up)',
    'children',
    KZ,
    'intents',
    'flow',
    (c) => c.intentsInPeriod,
  ),
  count(
    'intentToAbandon.families',
    'Families that declared an intent to abandon in the period',
    'children',
    KZ,
    'families',
    'flow',
    (c) => (c.firstIntent ? [{ at: c.firstIntent.at }] : []),
    'Each family once, at its first intent in the period.',
  ),
  count(
    'intentToAbandon.childrenStayed',
    'Children of those families who stayed with the family',
    'children',
    KZ,
    'children',
    'flow',
    (c) => (c.firstIntent ? [{ at: c.firstIntent.at, value: c.firstIntent.stayed }] : []),
    "Counted with the family's first intent in the period; whether a child stayed is as of the end of the period (or now).",
  ),
  count(
    'intentToAbandon.childrenPlaced',
    'Children of those families placed in care',
    'children',
    KZ,
    'children',
    'flow',
    (c) => (c.firstIntent ? [{ at: c.firstIntent.at, value: c.firstIntent.placed }] : []),
    "Counted with the family's first intent in the period; placed by the end of the period (or now).",
  ),
  // Kazakhstan: families identified at risk.
  count('atRisk.families', 'Families identified at risk (referred in the period)', 'risk', KZ, 'families', 'flow', (c) =>
    c.referredInPeriod ? [{ at: c.referredInPeriod }] : [],
  ),
  ...RiskLevel.options.map((level) =>
    count(`atRisk.level.${level}`, `… at ${level} risk when referred`, 'risk', KZ, 'families', 'flow', (c) =>
      c.referredInPeriod && c.f.riskLevelAtOpening === level ? [{ at: c.referredInPeriod }] : [],
    ),
  ),
  ...CAUSES.map((cause) =>
    count(
      `atRisk.cause.${cause}`,
      `… with a ${cause} cause`,
      'risk',
      KZ,
      'families',
      'flow',
      (c) => (c.referredInPeriod && c.riskFactors.known.some((f) => CAUSE_OF[f] === cause) ? [{ at: c.referredInPeriod }] : []),
      'A family counts under every cause one of its factors points to: the causes do not add up to the families.',
    ),
  ),
  ...[...RiskFactor.options, 'other' as const].map((factor) =>
    count(
      `atRisk.factor.${factor}`,
      `… with the factor ${factor}`,
      'risk',
      KZ,
      'families',
      'flow',
      (c) => (c.referredInPeriod && (factor === 'other' ? c.riskFactors.other : c.riskFactors.known.includes(factor)) ? [{ at: c.referredInPeriod }] : []),
      'A family counts under each of its factors.',
    ),
  ),
  // Staffing (reference data) and caseload.
  {
    name: 'staff.socialWorkers',
    label: 'Social workers (caseworkers) in the district',
    kind: 'reference',
    section: 'staff',
    programmes: EVERY,
    unit: 'social workers',
    period: 'reference',
    note: 'Caseworkers of the social-worker discipline in the staff registry.',
  },
  { name: 'staff.population', label: 'Inhabitants', kind: 'reference', section: 'staff', programmes: EVERY, unit: 'inhabitants', period: 'reference' },
  {
    name: 'staff.socialWorkersPer10k',
    label: 'Social workers per 10,000 inhabitants',
    kind: 'reference',
    base: 'per 10,000 inhabitants',
    section: 'staff',
    programmes: EVERY,
    unit: 'social workers',
    period: 'reference',
  },
  count(
    'caseload.openCases',
    'Open cases at the end of the period',
    'staff',
    EVERY,
    'cases',
    'stock',
    (c) => (c.openAtEnd(c.f.acceptedAt) ? [{ at: c.asOf }] : []),
    'Taken on and not closed.',
  ),
  {
    name: 'caseload.perWorker',
    label: 'Open cases per social worker',
    kind: 'ratio',
    of: 'caseload.openCases',
    base: 'per social worker',
    section: 'staff',
    programmes: EVERY,
    unit: 'cases',
    period: 'stock',
  },
  // Process.
  count('firstContact.count', 'First contacts made in the period (family reached, or refused)', 'process', EVERY, 'contacts', 'flow', (c) =>
    c.inPeriod(c.f.firstContactAt) ? [{ at: c.f.firstContactAt }] : [],
  ),
  {
    name: 'firstContact.medianDays',
    label: 'Median days from referral to first contact (each delay in whole days, to the nearest)',
    kind: 'median',
    of: 'firstContact.count',
    samples: 'the delays from the referral to the first contact, one for each first contact made in the period',
    sampleKey: 'firstContact.days',
    sampled: (c) => (c.inPeriod(c.f.firstContactAt) && c.f.referredAt ? [{ at: c.f.firstContactAt, value: days(c.f.referredAt, c.f.firstContactAt) }] : []),
    section: 'process',
    programmes: EVERY,
    unit: 'days',
    period: 'flow',
  },
  count(
    'firstContact.withinDeadline',
    "First contacts within the policy's deadline",
    'process',
    EVERY,
    'contacts',
    'flow',
    (c) => {
      const deadline = firstContactDeadline(c.f);
      return c.inPeriod(c.f.firstContactAt) && deadline && c.f.firstContactAt <= deadline ? [{ at: c.f.firstContactAt }] : [];
    },
    "The deadline the case's policy set when it was opened, from the referral (the urgent one on the urgent path).",
  ),
  {
    name: 'firstContact.withinDeadlineShare',
    label: "Share of first contacts within the policy's deadline",
    kind: 'share',
    num: 'firstContact.withinDeadline',
    den: 'firstContact.count',
    section: 'process',
    programmes: EVERY,
    unit: 'contacts',
    period: 'flow',
  },
  count(
    'contacts.planned',
    'Contacts planned in the period (opened, not cancelled by a closure)',
    'process',
    EVERY,
    'contacts',
    'flow',
    (c) => c.contactsPlanned,
  ),
  count(
    'contacts.done',
    'Of them done (family reached)',
    'process',
    EVERY,
    'contacts',
    'flow',
    (c) => c.contactsPlanned.filter((contact) => contact.done),
    'Counted in the period the contact was planned, whenever it was done.',
  ),
  {
    name: 'contacts.doneShare',
    label: 'Share of planned contacts done',
    kind: 'share',
    num: 'contacts.done',
    den: 'contacts.planned',
    section: 'process',
    programmes: EVERY,
    unit: 'contacts',
    period: 'flow',
  },
  count('tasks.overdue', 'Tasks that went overdue (escalated) in the period', 'process', EVERY, 'tasks', 'flow', (c) => c.once(c.f.overdueTasks)),
  count('conferences.held', 'Case conferences held (decisions recorded)', 'process', EVERY, 'conferences', 'flow', (c) => c.once(c.f.conferencesHeld)),
  {
    name: 'plan.medianDaysToApproval',
    label: 'Median days from referral to an approved support plan (each delay in whole days, to the nearest)',
    kind: 'median',
    of: 'followUp.enrolled',
    samples: 'the delays from the referral to the approval of the support plan, one for each family enrolled in the period',
    sampleKey: 'plan.days',
    sampled: (c) => (c.inPeriod(c.f.followUpAt) && c.f.referredAt ? [{ at: c.f.followUpAt, value: days(c.f.referredAt, c.f.followUpAt) }] : []),
    section: 'process',
    programmes: EVERY,
    unit: 'days',
    period: 'flow',
  },
] as const satisfies readonly IndicatorDef[];

/** A standard indicator's name: a name the catalogue does not have is a type error wherever one is written. */
export type IndicatorName = (typeof STANDARD_INDICATORS)[number]['name'];
/** The name of a count: what a case contributes to, and what shares, medians and ratios are made of. */
export type CountName = Extract<(typeof STANDARD_INDICATORS)[number], { kind: 'count' }>['name'];
export type MedianName = Extract<(typeof STANDARD_INDICATORS)[number], { kind: 'median' }>['name'];
/** The samples a median is taken of (their histograms are kept in the cells under this name). */
export type SampleName = Extract<(typeof STANDARD_INDICATORS)[number], { kind: 'median' }>['sampleKey'];

// The parts of every share, median and ratio are counts of the catalogue: a misspelt one fails to compile here.
type Parts =
  | Extract<(typeof STANDARD_INDICATORS)[number], { kind: 'share' }>['num' | 'den']
  | Extract<(typeof STANDARD_INDICATORS)[number], { kind: 'median' | 'ratio' }>['of'];
const partsAreCounts: [Parts] extends [CountName] ? true : Exclude<Parts, CountName> = true;
void partsAreCounts;

/** The name of a programme's own count: only its entry gives one (a string written elsewhere is not one). */
export type ProgrammeCountName = string & { readonly ownedByAProgramme: true };
/** A count one programme's folder defines (its `indicators`), with what counts to it. */
export type ProgrammeCount = IndicatorDef<ProgrammeCountName> & { kind: 'count'; counts: ProgrammeIndicator['counts'] };
export const PROGRAMME_COUNTS: readonly ProgrammeCount[] = PROGRAMMES.flatMap((p) =>
  (p.indicators ?? []).map((i): ProgrammeCount => ({
    ...i,
    name: i.name as ProgrammeCountName,
    kind: 'count',
    programmes: [p.id as ProgrammeId],
    period: 'flow',
    // Each completion of its task that gave the answer, in the programme's own cases.
    counted: (c) =>
      c.f.programme === p.id ? c.once(c.f.taskAnswers).filter((a) => a.taskType === i.counts.task && a.answers[i.counts.field] === i.counts.answer) : [],
  })),
);

/** The whole catalogue: the standard indicators, then the programmes' own. */
export const INDICATORS: readonly IndicatorDef[] = [...STANDARD_INDICATORS, ...PROGRAMME_COUNTS];
export const INDICATOR_NAMES = INDICATORS.map((i) => i.name);
export const indicatorDef = (name: string): IndicatorDef | undefined => INDICATORS.find((i) => i.name === name);

/** Counts within one row that add up to another of the row: published together, a hidden part could be worked out. */
export const ROW_SUMS: ReadonlyArray<{ parts: readonly string[]; total: string }> = [
  { parts: RiskLevel.options.map((l) => `atRisk.level.${l}` as const) satisfies CountName[], total: 'atRisk.families' satisfies CountName },
];
