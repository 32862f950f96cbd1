import { ReferralRejectionReason } from './referral';
import { z } from 'zod';
import { CalendarDate, Instant } from './dates';
import { CaseId, Code, DistrictId, StaffId, TaskId } from './ids';
import { Programme } from './programme';
import { RiskFactor, SentRiskFactor } from './risk';
import { StaffRole } from './staff';
import { PROGRAMMES, type FieldSpec, type FormSpec, type OwnTask, type ProgrammeModule } from '@continuum/programmes';

/** The human tasks of the follow-up every programme shares (infant tests are the HIV programme's, but older than programme folders). */
export const StandardTaskType = z.enum([
  'referral-review',
  'first-contact',
  'needs-assessment',
  'support-plan',
  'plan-approval',
  'contact',
  'reassessment',
  'supervision-review',
  'infant-test',
  'case-review',
  'closure-approval',
  'transfer-acceptance',
]);
export type StandardTaskType = z.infer<typeof StandardTaskType>;

/** A task type only one programme has (its folder's `ownTasks`). */
export type OwnTaskType = OwnTaskTypeOf<(typeof PROGRAMMES)[number]>;
type OwnTaskTypeOf<P> = P extends ProgrammeModule<string, infer T> ? T : never;
/** Every programme's own task types, with what each programme says of it. */
export const OWN_TASKS = PROGRAMMES.flatMap((p) => Object.entries(p.ownTasks ?? {}) as Array<[OwnTaskType, OwnTask]>);

/** The human tasks a case's policy templates: which of them a programme uses, who may do each, and by when. */
export const PolicyTaskType = z.enum([...StandardTaskType.options, ...OWN_TASKS.map(([type]) => type)]);
export type PolicyTaskType = z.infer<typeof PolicyTaskType>;

/** The tasks of every stage of the follow-up: every policy templates them (infant tests are the HIV programme's). */
export const CORE_TASK_TYPES = StandardTaskType.exclude(['infant-test']).options;

/**
 * Every human task. Besides the policy's: a conference participant's written input, and an action item a
 * conference decided, whose owner and deadline the chair sets.
 */
export const TaskType = z.enum([...PolicyTaskType.options, 'conference-input', 'action-item']);
export type TaskType = z.infer<typeof TaskType>;

export const TaskStatus = z.enum(['open', 'completed', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const Note = z
  .string()
  .max(4000)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters (line breaks are not allowed either)');
const Reason = Note.trim().min(3, 'give a reason of at least 3 characters');

/** How a case ends. */
export const ClosureOutcome = z.enum([
  'completed-successfully',
  'child-placed-in-care',
  'transferred',
  'moved-away',
  'refused',
  'lost-to-follow-up',
  'died',
  'referral-rejected',
]);
export type ClosureOutcome = z.infer<typeof ClosureOutcome>;

/**
 * How a case that was taken on may be closed: every outcome but `referral-rejected`, which only the review of
 * a referral gives (a rejected referral never became a followed case). Whatever proposes or asks for a
 * closure (a review's proposal, POST /cases/{id}/closure, a conference's recommendation) takes these, so a
 * followed family always closes with an outcome the closed-case counts count.
 */
export const CaseClosureOutcome = ClosureOutcome.exclude(['referral-rejected']);
export type CaseClosureOutcome = z.infer<typeof CaseClosureOutcome>;

/**
 * The district service's answer to a referral. A rejection's `reasonCode` is what the facility is told (the
 * casework API requires it; optional here, as histories of earlier rejections have none); `reason` is the staff's own.
 */
export const ReferralReviewForm = z
  .strictObject({
    decision: z.enum(['accept', 'reject']),
    reasonCode: ReferralRejectionReason.optional(),
    reason: Note.optional(),
    /** A probable duplicate merged: the open case the family already has, which the referral joins (a rejection as `already-in-follow-up`). */
    mergeInto: CaseId.optional(),
  })
  .refine((f) => f.decision === 'accept' || (f.reason ?? '').trim().length >= 3, { path: ['reason'], message: 'a rejection needs a reason' })
  .refine((f) => f.mergeInto === undefined || (f.decision === 'reject' && f.reasonCode === 'already-in-follow-up'), {
    path: ['mergeInto'],
    message: 'a referral merged into the case the family has is rejected as already-in-follow-up',
  });

/** Form of the first contact with the family after the referral. */
export const FirstContactForm = z.strictObject({
  contactedAt: Instant,
  channel: z.enum(['home-visit', 'phone', 'office', 'maternity-ward']),
  outcome: z.enum(['reached', 'not-reached', 'refused']),
  notes: Note.optional(),
});

const NeedLevel = z.enum(['none', 'some', 'severe']);
/** The areas of a needs assessment, from the seeds. The HIV-specific ones are optional for other programmes. */
export const NeedArea = z.enum([
  'housing',
  'documents',
  'income',
  'employment',
  'childcare',
  'health',
  'artAdherence',
  'pmtct',
  'mentalHealth',
  'familySupport',
  'childDisability',
]);
export type NeedArea = z.infer<typeof NeedArea>;

/** Needs assessment (and every reassessment): the areas, and the risk factors screened again. */
export const NeedsAssessmentForm = z.strictObject({
  assessedAt: Instant,
  needs: z.strictObject({
    housing: NeedLevel,
    documents: NeedLevel,
    income: NeedLevel,
    employment: NeedLevel,
    childcare: NeedLevel,
    health: NeedLevel,
    artAdherence: NeedLevel.optional(),
    pmtct: NeedLevel.optional(),
    mentalHealth: NeedLevel,
    familySupport: NeedLevel,
    childDisability: NeedLevel.optional(),
  }),
  riskFactors: z.array(RiskFactor).max(RiskFactor.options.length).default([]),
  notes: Note.optional(),
});

/**
 * The needs assessment as staff send it (the casework API): each risk factor a code of `accepted` (the case's
 * programme's, as the sender may see them) or an alias of one, taken as the code. What it gives is what
 * NeedsAssessmentForm takes, which is the form the case workflow gets: canonical codes only.
 */
export const SentNeedsAssessmentForm = (accepted: readonly RiskFactor[]) =>
  NeedsAssessmentForm.extend({ riskFactors: z.array(SentRiskFactor(accepted, 'this case')).max(RiskFactor.options.length).default([]) });

/** Services a plan links the family to (the seeds' list). */
export const ServiceLinkage = z.enum([
  'material-assistance',
  'financial-assistance',
  'cash-benefits',
  'day-care-enrolment',
  'restore-registration-papers',
  'temporary-housing',
  'psychological-support',
  'mental-health-care',
  'art-adherence-support',
  'legal-aid',
  'employment-service',
]);

/** The individual support plan: goals per need area with the services they link to. A supervisor approves it. */
export const SupportPlanForm = z.strictObject({
  goals: z
    .array(z.strictObject({ area: NeedArea, goal: Note.min(3), services: z.array(ServiceLinkage).max(11).default([]), targetDate: CalendarDate.optional() }))
    .min(1)
    .max(20),
  notes: Note.optional(),
});

const Decision = <T extends [string, ...string[]]>(values: T) => z.enum(values);
export const PlanApprovalForm = z.strictObject({ decision: Decision(['approve', 'return']), comment: Note.optional() });

/** A scheduled contact or home visit (and the urgent visit after an intent to abandon). */
export const ContactForm = z.strictObject({
  contactedAt: Instant,
  channel: z.enum(['home-visit', 'phone', 'office', 'clinic']),
  outcome: z.enum(['reached', 'not-reached']),
  notes: Note.optional(),
});

/** A supervisor's review (periodic supervision, or a review a family event triggered). */
export const ReviewForm = z
  .strictObject({
    reviewedAt: Instant,
    decision: z.enum(['continue', 'propose-closure']),
    proposedOutcome: CaseClosureOutcome.optional(),
    notes: Note.optional(),
  })
  .refine((f) => f.decision === 'continue' || f.proposedOutcome !== undefined, { path: ['proposedOutcome'], message: 'required to propose closure' });

/** An HIV-exposed infant's testing milestone: did the child get to the test. The result arrives as an event. */
export const InfantTestForm = z.strictObject({ attended: z.boolean(), notes: Note.optional() });

export const ClosureApprovalForm = z.strictObject({ decision: Decision(['approve', 'reject']), comment: Note.optional() });
export const TransferAcceptanceForm = z
  .strictObject({ decision: Decision(['accept', 'decline']), reason: Note.optional() })
  .refine((f) => f.decision === 'accept' || (f.reason ?? '').trim().length >= 3, { path: ['reason'], message: 'declining needs a reason' });

/** An action item a conference decided, done by its owner. */
export const ActionItemForm = z.strictObject({ outcome: z.enum(['done', 'not-done']), notes: Note.optional() });
/** A participant's input: submitted through the conference API, which takes the same form. */
export const ConferenceInputForm = z.strictObject({ input: Note.trim().min(3), recommendsClosure: z.boolean().default(false) });

const FIELDS = { moment: Instant, 'yes-no': z.boolean(), note: Note } as const;
const fieldOf = (spec: Exclude<FieldSpec, { optional: unknown }>): z.ZodType => (typeof spec === 'string' ? FIELDS[spec] : z.enum(spec));
/** The schema of a programme's own form, from its fields as the programme's folder lists them. */
export const formOf = (spec: FormSpec) =>
  z.strictObject(
    Object.fromEntries(Object.entries(spec).map(([name, f]) => [name, typeof f === 'object' && 'optional' in f ? fieldOf(f.optional).optional() : fieldOf(f)])),
  );

const STANDARD_FORMS = {
  'referral-review': ReferralReviewForm,
  'first-contact': FirstContactForm,
  'needs-assessment': NeedsAssessmentForm,
  'support-plan': SupportPlanForm,
  'plan-approval': PlanApprovalForm,
  contact: ContactForm,
  reassessment: NeedsAssessmentForm,
  'supervision-review': ReviewForm,
  'infant-test': InfantTestForm,
  'case-review': ReviewForm,
  'closure-approval': ClosureApprovalForm,
  'transfer-acceptance': TransferAcceptanceForm,
  'conference-input': ConferenceInputForm,
  'action-item': ActionItemForm,
} as const satisfies Record<Exclude<TaskType, OwnTaskType>, z.ZodType>;

/**
 * One place maps a task type to the form that completes it. The casework API parses every completion with it
 * before the case workflow gets the form (the workflow bundle holds no schemas).
 */
export const TaskForms = {
  ...STANDARD_FORMS,
  ...(Object.fromEntries(OWN_TASKS.map(([type, task]) => [type, formOf(task.form)])) as Record<OwnTaskType, ReturnType<typeof formOf>>),
};
export type TaskForm<T extends TaskType> = z.infer<(typeof TaskForms)[T]>;

/** A task as the casework API shows it: ids and codes, no family data. */
export const TaskView = z.object({
  taskId: TaskId,
  caseId: CaseId,
  type: TaskType,
  status: TaskStatus,
  district: DistrictId,
  programme: Programme,
  assigneeId: StaffId.nullable(),
  doneBy: z.array(StaffRole),
  priority: z.number().int(),
  dueAt: Instant,
  escalatedAt: Instant.nullable(),
  createdAt: Instant,
  completedAt: Instant.nullable(),
  /** What the task is about, as a code: the infant-test milestone, the proposed closure outcome, the target district. */
  subject: Code.nullable(),
  /** The conference a participant's input task belongs to. */
  conferenceId: z.string().nullable().optional(),
  /** A referral's review: the open case of the district the same mother probably has already (merge, or keep both). */
  probableDuplicateOf: CaseId.nullable().optional(),
});
export type TaskView = z.infer<typeof TaskView>;

/** The request body of POST /tasks/{id}/complete. The form is checked against the task's type. */
export const CompleteTaskBody = z.strictObject({ form: z.record(z.string(), z.unknown()) });

/** What the casework service sends to the case workflow's completeTask Update. */
export const CompleteTaskRequest = z.strictObject({
  taskId: TaskId,
  completedBy: StaffId,
  /** The caller's roles, so the workflow can check the task's template; absent in histories of the first version. */
  roles: z.array(StaffRole).min(1).optional(),
  form: z.record(z.string(), z.unknown()),
  /**
   * How long, in seconds, the caller waits for the case's reaction (`Prefer: wait=N` on POST /tasks/{id}/complete):
   * then the answer tells the stage after the completion and the tasks it opened. Absent: answered at once.
   */
  waitForReaction: z.number().int().min(1).max(15).optional(),
});
export type CompleteTaskRequest = z.infer<typeof CompleteTaskRequest>;

/** POST /tasks/{id}/extend: a new deadline, later than the current one, with a reason (kept in the task's audit). */
export const ExtendTaskBody = z.strictObject({ dueAt: Instant, reason: Reason });
export const ExtendTaskRequest = ExtendTaskBody.extend({ taskId: TaskId, extendedBy: StaffId });
export type ExtendTaskRequest = z.infer<typeof ExtendTaskRequest>;
