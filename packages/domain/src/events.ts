import { z } from 'zod';
import { Instant } from './dates';
import { CaseId, DistrictId, FacilityId, StaffId, TaskId } from './ids';
import { CaseStage, RiskLevel } from './programme';
import { ClosureOutcome } from './task';
import { BusConferenceTrigger, BusDiscipline, BusTaskType } from './disclosure';
import { ReferralStatus } from './referral';
import { ConferenceId, ConferenceState } from './conference';

/**
 * Events on the bus carry ids, district, dates and neutral codes only. Every schema is strict, so a field
 * with personal data cannot slip onto NATS by being added to an object upstream. No programme and no policy
 * version (their names tell of a diagnosis), no code that tells of HIV (see disclosure.ts): whoever needs
 * them reads them from MongoDB by the case id.
 */
const Envelope = {
  eventId: z.string().min(1).max(200),
  occurredAt: Instant,
  caseId: CaseId,
  district: DistrictId,
};

export const ReferralReceived = z.strictObject({
  ...Envelope,
  type: z.literal('referral.received'),
  facilityId: FacilityId,
  referredAt: Instant,
  urgent: z.boolean(),
});

export const CaseOpened = z.strictObject({
  ...Envelope,
  type: z.literal('case.opened'),
  facilityId: FacilityId,
  riskLevel: RiskLevel,
});

export const CaseStageChanged = z.strictObject({
  ...Envelope,
  type: z.literal('case.stage-changed'),
  stage: CaseStage,
});

export const TaskCreated = z.strictObject({
  ...Envelope,
  type: z.literal('task.created'),
  taskId: TaskId,
  taskType: BusTaskType,
  dueAt: Instant,
});

export const TaskCompleted = z.strictObject({
  ...Envelope,
  type: z.literal('task.completed'),
  taskId: TaskId,
  taskType: BusTaskType,
});

/** The referring facility is told of every change of its referral's status. */
export const ReferralStatusChanged = z.strictObject({
  ...Envelope,
  type: z.literal('referral.status-changed'),
  facilityId: FacilityId,
  status: ReferralStatus,
});

export const CaseAssigned = z.strictObject({ ...Envelope, type: z.literal('case.assigned'), caseManager: StaffId });
export const CaseRiskChanged = z.strictObject({ ...Envelope, type: z.literal('case.risk-changed'), riskLevel: RiskLevel, score: z.number().int().min(0) });
export const CaseTransferred = z.strictObject({ ...Envelope, type: z.literal('case.transferred'), fromDistrict: DistrictId });
export const CaseClosed = z.strictObject({ ...Envelope, type: z.literal('case.closed'), outcome: ClosureOutcome });
export const CaseReopened = z.strictObject({ ...Envelope, type: z.literal('case.reopened') });
/** The versions are in the case's history. */
export const CasePolicyChanged = z.strictObject({ ...Envelope, type: z.literal('case.policy-changed') });
/** Why a member's work was handed over: she left the service, or is away for long. */
export const HandoverWhy = z.enum(['left', 'away']);
/** A member's open task moved to her delegate, or to the team's pool (`to` null), because she left or is away. */
export const TaskHandedOver = z.strictObject({
  ...Envelope,
  type: z.literal('task.handed-over'),
  taskId: TaskId,
  taskType: BusTaskType,
  from: StaffId,
  to: StaffId.nullable(),
  why: HandoverWhy,
});
/** A case whose manager left or is away: its new manager, or null when nobody in the district was free (a supervisor assigns one). */
export const CaseHandedOver = z.strictObject({ ...Envelope, type: z.literal('case.handed-over'), from: StaffId, to: StaffId.nullable(), why: HandoverWhy });
/** Someone read HIV status outside the consent (break-glass): who, and the audit entry that says why. */
export const CaseBreakGlass = z.strictObject({ ...Envelope, type: z.literal('case.break-glass'), readBy: StaffId, auditId: z.uuid() });
/** That something happened in the family: what it was (a test result, a placement) is in the case's history. */
export const FamilyEventRecorded = z.strictObject({ ...Envelope, type: z.literal('case.family-event') });
/** A family record corrected or a member added: who and what are in the case's versions, read by the event id. */
export const FamilyChanged = z.strictObject({ ...Envelope, type: z.literal('case.family-changed') });
export const TaskEscalated = z.strictObject({ ...Envelope, type: z.literal('task.escalated'), taskId: TaskId, taskType: BusTaskType, dueAt: Instant });
export const TaskCancelled = z.strictObject({ ...Envelope, type: z.literal('task.cancelled'), taskId: TaskId, taskType: BusTaskType });

/** Conferences: who is invited, reminded, who answered, and what became of it. Never what anyone wrote. */
const Conference = { ...Envelope, conferenceId: ConferenceId };
export const ConferenceConvened = z.strictObject({
  ...Conference,
  type: z.literal('conference.convened'),
  trigger: BusConferenceTrigger,
  urgent: z.boolean(),
  chair: StaffId.nullable(),
  inputDueAt: Instant,
  /** Disciplines nobody in the district or the city could fill. */
  unfilled: z.array(BusDiscipline),
});
export const ConferenceInvited = z.strictObject({
  ...Conference,
  type: z.literal('conference.invited'),
  participantId: StaffId,
  discipline: BusDiscipline,
  taskId: TaskId,
  urgent: z.boolean(),
  inputDueAt: Instant,
});
export const ConferenceReminder = z.strictObject({
  ...Conference,
  type: z.literal('conference.reminder'),
  participantId: StaffId,
  taskId: TaskId,
  inputDueAt: Instant,
});
export const ConferenceAnswered = z.strictObject({
  ...Conference,
  type: z.literal('conference.answered'),
  participantId: StaffId,
  discipline: BusDiscipline,
  answer: z.enum(['submitted', 'declined']),
});
export const ConferenceRescheduled = z.strictObject({
  ...Conference,
  type: z.literal('conference.rescheduled'),
  inputDueAt: Instant,
  why: z.enum(['no-quorum', 'urgent']),
});
/** The district's supervisors are told: the deadline passed without the disciplines the quorum needs. */
export const ConferenceQuorumFailed = z.strictObject({
  ...Conference,
  type: z.literal('conference.quorum-failed'),
  missing: z.array(BusDiscipline),
  rescheduled: z.boolean(),
});
export const ConferenceStateChanged = z.strictObject({ ...Conference, type: z.literal('conference.state-changed'), state: ConferenceState });
export const ConferenceDecided = z.strictObject({
  ...Conference,
  type: z.literal('conference.decided'),
  chair: StaffId,
  actionItems: z.number().int().min(0),
  withoutQuorum: z.boolean(),
  riskLevel: RiskLevel.nullable(),
  closureRecommended: z.boolean(),
});

export type ReferralReceived = z.infer<typeof ReferralReceived>;
export type CaseOpened = z.infer<typeof CaseOpened>;
export type CaseStageChanged = z.infer<typeof CaseStageChanged>;
export type TaskCreated = z.infer<typeof TaskCreated>;
export type TaskCompleted = z.infer<typeof TaskCompleted>;

/** Deterministic event ids: an activity that is retried publishes the same id, and JetStream drops the copy. */
export const eventIdFor = (subjectKey: string, type: string): string => `${subjectKey}/${type}`;
