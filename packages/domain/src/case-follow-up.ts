import { z } from 'zod';
import { Instant } from './dates';
import { CaseId, DistrictId, FacilityId, TaskId } from './ids';
import { CaseStage, Programme, RiskLevel } from './programme';
import { TaskStatus, TaskType } from './task';

/** The caseFollowUp workflow's input: ids and codes only; the family's data stays in MongoDB. */
export const CaseFollowUpInput = z.strictObject({
  caseId: CaseId,
  district: DistrictId,
  programme: Programme,
  facilityId: FacilityId,
  referredAt: Instant,
  urgent: z.boolean(),
});
export type CaseFollowUpInput = z.infer<typeof CaseFollowUpInput>;

/** What the case workflow knows of one of its tasks. */
export const CaseTaskState = z.object({ taskId: TaskId, type: TaskType, status: TaskStatus, dueAt: Instant });
export type CaseTaskState = z.infer<typeof CaseTaskState>;

/** The status query's answer: what the case is waiting for and until when. */
export const CaseStatus = z.object({
  caseId: CaseId,
  stage: CaseStage,
  riskLevel: RiskLevel,
  policyVersion: z.string(),
  waitingFor: z.array(z.object({ taskId: TaskId, type: TaskType, dueAt: Instant })),
});
export type CaseStatus = z.infer<typeof CaseStatus>;

export const CompleteTaskResult = z.object({ taskId: TaskId, status: TaskStatus, stage: CaseStage });
export type CompleteTaskResult = z.infer<typeof CompleteTaskResult>;
