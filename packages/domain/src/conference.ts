import { z } from 'zod';
import { Instant } from './dates';
import { CaseId, Code, DistrictId, StaffId, TaskId } from './ids';
import { Duration } from './duration';
import { Programme, RiskLevel } from './programme';
import { StaffRole } from './staff';
import { CaseClosureOutcome, ClosureOutcome, Note } from './task';

/**
 * The professions a multi-disciplinary team draws on, from the seeds: St. Petersburg's social worker,
 * psychologist, women's clinic and children's polyclinic doctors, infectious disease specialist and AIDS
 * Center; Kazakhstan's social worker, doctor, psychologist and child-protection officer.
 */
export const Discipline = z.enum([
  'social-worker',
  'psychologist',
  'womens-clinic-doctor',
  'childrens-polyclinic-doctor',
  'infectious-disease-specialist',
  'aids-center-specialist',
  'primary-care-doctor',
  'child-protection-officer',
]);
export type Discipline = z.infer<typeof Discipline>;

/** Why a conference is convened: a trigger of the case's policy, or a request through the API. */
export const ConferenceTrigger = z.enum([
  'intent-to-abandon',
  'risk-high',
  'missed-contacts',
  'child-hiv-positive',
  'child-placed-in-care',
  'scheduled-review',
  'requested',
]);
export type ConferenceTrigger = z.infer<typeof ConferenceTrigger>;

/** A policy's conference rules (policies from 2026.3 on); a case on an older policy has no conferences. */
export const ConferenceRules = z
  .strictObject({
    /** Who is invited, one participant per discipline; the case manager takes the social worker's seat. */
    disciplines: z.array(Discipline).min(1),
    /** The disciplines whose written input makes a quorum. */
    quorum: z.array(Discipline).min(1),
    /** Which triggers convene a conference by themselves (a request always can). */
    triggers: z.array(ConferenceTrigger.exclude(['requested'])),
    /** Contacts missed in a row (not reached, or overdue) that convene a conference. */
    missedContactsThreshold: z.number().int().min(1).max(10),
    /** Time for written input; the urgent path's (an intent to abandon) is shorter. */
    inputDue: Duration,
    urgentInputDue: Duration,
    /** Participants who have not answered are reminded this long before the deadline. */
    remindBefore: Duration,
    /** Without quorum at the deadline, the conference is rescheduled once, by this much. */
    rescheduleBy: Duration,
    /** A review conference this long after follow-up starts, and again after each review; null: none. */
    reviewEvery: Duration.nullable(),
  })
  .refine((r) => r.quorum.every((d) => r.disciplines.includes(d)), { path: ['quorum'], message: 'quorum disciplines must be invited' });
export type ConferenceRules = z.infer<typeof ConferenceRules>;

export const ConferenceId = z.string().regex(/^conf-[0-9a-f]{20}-[0-9]{1,4}$/, 'must look like conf-<case digits>-<n>');
export type ConferenceId = z.infer<typeof ConferenceId>;
export { conferenceIdFor, conferenceTaskIdFor, conferenceWorkflowId } from './rules/ids';
export { conferenceReminderAt } from './rules/time';

export const ConferenceState = z.enum(['collecting-input', 'rescheduled', 'ready', 'no-quorum', 'decided', 'cancelled']);
export type ConferenceState = z.infer<typeof ConferenceState>;
export const OPEN_CONFERENCE_STATES: readonly ConferenceState[] = ['collecting-input', 'rescheduled', 'ready', 'no-quorum'];

/** The caseConference workflow's input: codes and ids; what is said in it stays in MongoDB. */
export const CaseConferenceInput = z.strictObject({
  conferenceId: ConferenceId,
  caseId: CaseId,
  district: DistrictId,
  programme: Programme,
  policyVersion: Code,
  trigger: ConferenceTrigger,
  urgent: z.boolean(),
  caseManager: StaffId.nullable(),
  requestedBy: StaffId.nullable(),
  /** Why it was requested by hand (stays encrypted in Temporal and in MongoDB). */
  reason: Note.nullable().optional(),
});
export type CaseConferenceInput = z.infer<typeof CaseConferenceInput>;

/** A seat at the conference, as resolved from the staff registry. */
export const Participant = z.strictObject({
  seat: z.number().int().min(1),
  staffId: StaffId,
  discipline: Discipline,
  roles: z.array(StaffRole).min(1),
  /** Found at the city level because the district has nobody of this discipline. */
  fromCity: z.boolean(),
  taskId: TaskId,
});
export type Participant = z.infer<typeof Participant>;

const Reason = Note.trim().min(3, 'give a reason of at least 3 characters');
const Text = Note.trim().min(3, 'write at least 3 characters');

/** POST /conferences/{id}/input: a participant's written input. */
export const ConferenceInputBody = z.strictObject({
  input: Text,
  recommendsClosure: z.boolean().default(false),
});
/** POST /conferences/{id}/decline: a participant who cannot take part says why. */
export const DeclineConferenceBody = z.strictObject({ reason: Reason });

export const ActionItem = z.strictObject({
  action: Text.max(400),
  ownerId: StaffId,
  dueAt: Instant,
});
export type ActionItem = z.infer<typeof ActionItem>;

/** POST /conferences/{id}/decisions: what the chair records. The minutes stay in MongoDB. */
export const ConferenceDecisionsBody = z.strictObject({
  minutes: Text,
  actionItems: z.array(ActionItem).max(20).default([]),
  riskLevel: RiskLevel.exclude(['urgent']).optional().describe('the risk level the team sets for the case'),
  planChanges: Text.optional().describe('changes to the support plan, recorded on the case'),
  closureRecommendation: CaseClosureOutcome.optional(),
  /** Required when the quorum is not met: the chair proceeds and records why. */
  proceedWithoutQuorum: Reason.optional(),
});
export type ConferenceDecisionsBody = z.infer<typeof ConferenceDecisionsBody>;

/** POST /cases/{id}/conferences: a case manager or supervisor convenes a conference. */
export const ConveneConferenceBody = z.strictObject({
  reason: Reason,
  urgent: z.boolean().default(false),
});

const by = { requestedBy: StaffId };
export const ConveneConferenceRequest = ConveneConferenceBody.extend({ ...by, roles: z.array(StaffRole).min(1) });
export const ConferenceInputRequest = ConferenceInputBody.extend({ ...by });
export const DeclineConferenceRequest = DeclineConferenceBody.extend({ ...by });
/** The decisions as the workflow takes them: each action item's owner with the roles the registry gives her. */
export const ConferenceDecisionsRequest = ConferenceDecisionsBody.extend({
  ...by,
  roles: z.array(StaffRole).min(1),
  actionItems: z.array(ActionItem.extend({ ownerRoles: z.array(StaffRole).min(1) })).max(20),
});
export type ConveneConferenceRequest = z.infer<typeof ConveneConferenceRequest>;
export type ConferenceInputRequest = z.infer<typeof ConferenceInputRequest>;
export type DeclineConferenceRequest = z.infer<typeof DeclineConferenceRequest>;
export type ConferenceDecisionsRequest = z.infer<typeof ConferenceDecisionsRequest>;

/** What a conference tells its case when the chair has decided: the case acts on it. No minutes, no text. */
export const ConferenceOutcome = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('decided'),
    conferenceId: ConferenceId,
    chair: StaffId,
    actionItems: z.array(z.strictObject({ item: z.number().int().min(1), ownerId: StaffId, ownerRoles: z.array(StaffRole).min(1), dueAt: Instant })),
    riskLevel: RiskLevel.optional(),
    planChanged: z.boolean(),
    closureRecommendation: ClosureOutcome.optional(),
  }),
  z.strictObject({ kind: z.literal('ended'), conferenceId: ConferenceId, state: ConferenceState }),
]);
export type ConferenceOutcome = z.infer<typeof ConferenceOutcome>;

/** What the case carries of its conferences from one run to the next. */
export const CaseConferenceState = z.strictObject({
  seq: z.number().int().min(0),
  active: ConferenceId.nullable(),
  held: z.number().int().min(0),
  missedContacts: z.number().int().min(0),
  nextReviewAt: Instant.nullable(),
});
export type CaseConferenceState = z.infer<typeof CaseConferenceState>;

/** The conferenceStatus query's answer. */
export const ConferenceStatus = z.object({
  conferenceId: ConferenceId,
  caseId: CaseId,
  state: ConferenceState,
  urgent: z.boolean(),
  trigger: ConferenceTrigger,
  chair: StaffId.nullable(),
  inputDueAt: Instant.nullable(),
  rescheduled: z.boolean(),
  quorumMet: z.boolean(),
  participants: z.array(z.object({ staffId: StaffId, discipline: Discipline, answer: z.enum(['waiting', 'submitted', 'declined']) })),
});
export type ConferenceStatus = z.infer<typeof ConferenceStatus>;
