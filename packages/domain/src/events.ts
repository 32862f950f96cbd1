import { z } from 'zod';
import { Instant } from './dates';
import { CaseId, Code, DistrictId, FacilityId, StaffId, TaskId } from './ids';
import { CaseStage, Programme, RiskLevel } from './programme';
import { ClosureOutcome, TaskType } from './task';
import { ReferralStatus } from './referral';
import { ConferenceId, ConferenceState, ConferenceTrigger, Discipline } from './conference';

/**
 * Events on the bus carry ids, district, programme, dates and codes only. Every schema is strict, so a
 * field with personal data cannot slip onto NATS by being added to an object upstream.
 */
const Envelope = {
  eventId: z.string().min(1).max(200),
  occurredAt: Instant,
  caseId: CaseId,
  district: DistrictId,
  programme: Programme,
};

export const ReferralReceived = z.strictObject({
  ...Envelope,
  type: z.literal('referral.received'),
  facilityId: FacilityId,
  referredAt: Instant,
  urgent: z.boolean(),
  /** The policy version the case starts with, chosen by intake from the district's settings. */
  policyVersion: Code.optional(),
});

export const CaseOpened = z.strictObject({
  ...Envelope,
  type: z.literal('case.opened'),
  facilityId: FacilityId,
  policyVersion: Code,
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
  taskType: TaskType,
  dueAt: Instant,
});

export const TaskCompleted = z.strictObject({
  ...Envelope,
  type: z.literal('task.completed'),
  taskId: TaskId,
  taskType: TaskType,
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
export const CasePolicyChanged = z.strictObject({ ...Envelope, type: z.literal('case.policy-changed'), fromVersion: Code, toVersion: Code });
/** A family event's type only: what happened (a result, a diagnosis) stays in MongoDB. */
/** Someone read HIV status outside the consent (break-glass): who, and the audit entry that says why. */
export const CaseBreakGlass = z.strictObject({ ...Envelope, type: z.literal('case.break-glass'), readBy: StaffId, auditId: z.uuid() });
export const FamilyEventRecorded = z.strictObject({ ...Envelope, type: z.literal('case.family-event'), eventType: Code });
export const TaskEscalated = z.strictObject({ ...Envelope, type: z.literal('task.escalated'), taskId: TaskId, taskType: TaskType, dueAt: Instant });
export const TaskCancelled = z.strictObject({ ...Envelope, type: z.literal('task.cancelled'), taskId: TaskId, taskType: TaskType });

/** Conferences: who is invited, reminded, who answered, and what became of it. Never what anyone wrote. */
const Conference = { ...Envelope, conferenceId: ConferenceId };
export const ConferenceConvened = z.strictObject({
  ...Conference,
  type: z.literal('conference.convened'),
  trigger: ConferenceTrigger,
  urgent: z.boolean(),
  chair: StaffId.nullable(),
  inputDueAt: Instant,
  /** Disciplines nobody in the district or the city could fill. */
  unfilled: z.array(Discipline),
});
export const ConferenceInvited = z.strictObject({
  ...Conference,
  type: z.literal('conference.invited'),
  participantId: StaffId,
  discipline: Discipline,
  taskId: TaskId,
  urgent: z.boolean(),
  inputDueAt: Instant,
});
export const ConferenceReminder = z.strictObject({ ...Conference, type: z.literal('conference.reminder'), participantId: StaffId, taskId: TaskId, inputDueAt: Instant });
export const ConferenceAnswered = z.strictObject({ ...Conference, type: z.literal('conference.answered'), participantId: StaffId, discipline: Discipline, answer: z.enum(['submitted', 'declined']) });
export const ConferenceRescheduled = z.strictObject({ ...Conference, type: z.literal('conference.rescheduled'), inputDueAt: Instant, why: z.enum(['no-quorum', 'urgent']) });
/** The district's supervisors are told: the deadline passed without the disciplines the quorum needs. */
export const ConferenceQuorumFailed = z.strictObject({ ...Conference, type: z.literal('conference.quorum-failed'), missing: z.array(Discipline), rescheduled: z.boolean() });
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
