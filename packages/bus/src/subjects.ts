import type { z } from 'zod';
import {
  AuditRecorded,
  CaseAssigned,
  CaseBreakGlass,
  CaseHandedOver,
  CaseClosed,
  CaseOpened,
  CasePolicyChanged,
  CaseReopened,
  CaseRiskChanged,
  CaseStageChanged,
  ConferenceAnswered,
  ConferenceConvened,
  ConferenceDecided,
  ConferenceInvited,
  ConferenceQuorumFailed,
  ConferenceReminder,
  ConferenceRescheduled,
  ConferenceStateChanged,
  CaseTransferred,
  FamilyChanged,
  FamilyEventRecorded,
  ReferralReceived,
  ReferralStatusChanged,
  TaskCancelled,
  TaskCompleted,
  TaskCreated,
  TaskEscalated,
  TaskHandedOver,
} from '@continuum/domain';

/**
 * Every stream the system uses. Events are kept without age limit: projections are rebuilt from the start.
 * AUDIT is append-only: the server refuses to delete or purge its messages, and that cannot be changed
 * after the stream is made.
 */
export const STREAMS = {
  REFERRALS: { subjects: ['referral.>'], description: 'Referrals accepted by intake, waiting for their case to start' },
  CASE_EVENTS: { subjects: ['case.>', 'task.>', 'conference.>'], description: 'What happened to cases, tasks and conferences: ids and codes only' },
  DEAD_LETTERS: { subjects: ['dead-letter.>'], description: 'Messages a consumer could not process, with the reason' },
  REPLAYS: { subjects: ['replay.>'], description: 'Dead letters sent back to their consumer once the cause is fixed' },
  AUDIT: { subjects: ['audit.>'], description: 'The audit trail: who read or changed what, append-only', appendOnly: true },
} as const;
export type StreamName = keyof typeof STREAMS;

/** The typed table: each subject, its stream and the schema every message on it must pass. */
export const SUBJECTS = {
  'referral.received': { stream: 'REFERRALS', schema: ReferralReceived },
  'case.opened': { stream: 'CASE_EVENTS', schema: CaseOpened },
  'case.stage-changed': { stream: 'CASE_EVENTS', schema: CaseStageChanged },
  'task.created': { stream: 'CASE_EVENTS', schema: TaskCreated },
  'task.completed': { stream: 'CASE_EVENTS', schema: TaskCompleted },
  'task.escalated': { stream: 'CASE_EVENTS', schema: TaskEscalated },
  'task.cancelled': { stream: 'CASE_EVENTS', schema: TaskCancelled },
  'task.handed-over': { stream: 'CASE_EVENTS', schema: TaskHandedOver },
  'referral.status-changed': { stream: 'REFERRALS', schema: ReferralStatusChanged },
  'case.assigned': { stream: 'CASE_EVENTS', schema: CaseAssigned },
  'case.risk-changed': { stream: 'CASE_EVENTS', schema: CaseRiskChanged },
  'case.transferred': { stream: 'CASE_EVENTS', schema: CaseTransferred },
  'case.family-event': { stream: 'CASE_EVENTS', schema: FamilyEventRecorded },
  'case.family-changed': { stream: 'CASE_EVENTS', schema: FamilyChanged },
  'case.closed': { stream: 'CASE_EVENTS', schema: CaseClosed },
  'case.reopened': { stream: 'CASE_EVENTS', schema: CaseReopened },
  'case.policy-changed': { stream: 'CASE_EVENTS', schema: CasePolicyChanged },
  'case.break-glass': { stream: 'CASE_EVENTS', schema: CaseBreakGlass },
  'case.handed-over': { stream: 'CASE_EVENTS', schema: CaseHandedOver },
  'conference.convened': { stream: 'CASE_EVENTS', schema: ConferenceConvened },
  'conference.invited': { stream: 'CASE_EVENTS', schema: ConferenceInvited },
  'conference.reminder': { stream: 'CASE_EVENTS', schema: ConferenceReminder },
  'conference.answered': { stream: 'CASE_EVENTS', schema: ConferenceAnswered },
  'conference.rescheduled': { stream: 'CASE_EVENTS', schema: ConferenceRescheduled },
  'conference.quorum-failed': { stream: 'CASE_EVENTS', schema: ConferenceQuorumFailed },
  'conference.state-changed': { stream: 'CASE_EVENTS', schema: ConferenceStateChanged },
  'conference.decided': { stream: 'CASE_EVENTS', schema: ConferenceDecided },
  'audit.recorded': { stream: 'AUDIT', schema: AuditRecorded },
} as const satisfies Record<string, { stream: StreamName; schema: z.ZodType }>;

export type Subject = keyof typeof SUBJECTS;
export type MessageOf<S extends Subject> = z.infer<(typeof SUBJECTS)[S]['schema']>;
export type BusEvent = { [S in Subject]: MessageOf<S> }[Subject];
