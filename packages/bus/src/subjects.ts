import type { z } from 'zod';
import { CaseOpened, CaseStageChanged, ReferralReceived, TaskCompleted, TaskCreated } from '@continuum/domain';

/** Every stream the system uses. Events are kept without age limit: projections are rebuilt from the start. */
export const STREAMS = {
  REFERRALS: { subjects: ['referral.>'], description: 'Referrals accepted by intake, waiting for their case to start' },
  CASE_EVENTS: { subjects: ['case.>', 'task.>'], description: 'What happened to cases and tasks: ids and codes only' },
  DEAD_LETTERS: { subjects: ['dead-letter.>'], description: 'Messages a consumer could not process, with the reason' },
} as const;
export type StreamName = keyof typeof STREAMS;

/** The typed table: each subject, its stream and the schema every message on it must pass. */
export const SUBJECTS = {
  'referral.received': { stream: 'REFERRALS', schema: ReferralReceived },
  'case.opened': { stream: 'CASE_EVENTS', schema: CaseOpened },
  'case.stage-changed': { stream: 'CASE_EVENTS', schema: CaseStageChanged },
  'task.created': { stream: 'CASE_EVENTS', schema: TaskCreated },
  'task.completed': { stream: 'CASE_EVENTS', schema: TaskCompleted },
} as const satisfies Record<string, { stream: StreamName; schema: z.ZodType }>;

export type Subject = keyof typeof SUBJECTS;
export type MessageOf<S extends Subject> = z.infer<(typeof SUBJECTS)[S]['schema']>;
export type BusEvent = { [S in Subject]: MessageOf<S> }[Subject];
