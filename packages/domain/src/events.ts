import { z } from 'zod';
import { Instant } from './dates';
import { CaseId, Code, DistrictId, FacilityId, TaskId } from './ids';
import { CaseStage, Programme, RiskLevel } from './programme';
import { TaskType } from './task';

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

export type ReferralReceived = z.infer<typeof ReferralReceived>;
export type CaseOpened = z.infer<typeof CaseOpened>;
export type CaseStageChanged = z.infer<typeof CaseStageChanged>;
export type TaskCreated = z.infer<typeof TaskCreated>;
export type TaskCompleted = z.infer<typeof TaskCompleted>;

/** Deterministic event ids: an activity that is retried publishes the same id, and JetStream drops the copy. */
export const eventIdFor = (subjectKey: string, type: string): string => `${subjectKey}/${type}`;
