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
/**
 * The streams, and how long each keeps a message (`keepDays`; none: for ever). No stream holds personal data
 * (ids and codes only, checked by each subject's schema), so the limits bound growth, not exposure. The events
 * the reports are built from are kept ten years: the span of indicators a city compares, and what a rebuild of
 * the projection replays (it refuses once the first events have aged out, rather than lose them). Dead letters
 * are kept a year, for ops to act on; a replay is sent back at once. How long the audit trail is kept is the
 * data-protection officer's to decide: its stream keeps every entry until then.
 */
export const STREAMS = {
  REFERRALS: { subjects: ['referral.>'], description: 'Referrals accepted by intake, waiting for their case to start', keepDays: 3653 },
  CASE_EVENTS: {
    subjects: ['case.>', 'task.>', 'conference.>'],
    description: 'What happened to cases, tasks and conferences: ids and codes only',
    keepDays: 3653,
  },
  DEAD_LETTERS: { subjects: ['dead-letter.>'], description: 'Messages a consumer could not process, with the reason', keepDays: 365 },
  REPLAYS: { subjects: ['replay.>'], description: 'Dead letters sent back to their consumer once the cause is fixed', keepDays: 30 },
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
