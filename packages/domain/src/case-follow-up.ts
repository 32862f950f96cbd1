import { z } from 'zod';
import { Instant } from './dates';
import { CaseId, Code, DistrictId, FacilityId, StaffId, TaskId } from './ids';
import { CaseStage, Programme, RiskLevel } from './programme';
import { RiskFactor } from './risk';
import { StaffRole } from './staff';
import { ClosureOutcome, TaskStatus, TaskType } from './task';
import { CaseConferenceState } from './conference';

/** What the workflow knows of one of its open tasks. Completed tasks live in MongoDB only. */
export const CaseTaskState = z.object({
  taskId: TaskId,
  type: TaskType,
  status: TaskStatus,
  dueAt: Instant,
  doneBy: z.array(StaffRole).optional(),
  district: DistrictId.optional(),
  subject: Code.nullable().optional(),
  escalated: z.boolean().optional(),
});
export type CaseTaskState = z.infer<typeof CaseTaskState>;

export const ChildState = z.strictObject({
  index: z.number().int().min(0),
  hivExposed: z.boolean(),
  hivResult: z.enum(['unknown', 'negative', 'positive', 'indeterminate']),
  placedInCare: z.boolean(),
  died: z.boolean(),
});
export type ChildState = z.infer<typeof ChildState>;

/** Everything a case carries from one run to the next when it continues as new. */
export const CaseState = z.strictObject({
  stage: CaseStage,
  district: DistrictId,
  policyVersion: Code,
  risk: z.strictObject({ score: z.number().int().min(0), level: RiskLevel, factors: z.array(RiskFactor) }),
  caseManager: StaffId.nullable(),
  taskSeq: z.number().int().min(0),
  eventSeq: z.number().int().min(0),
  openTasks: z.array(CaseTaskState),
  firstContactAttempts: z.number().int().min(0),
  acceptedAt: Instant.nullable(),
  followUpStartedAt: Instant.nullable(),
  next: z.strictObject({
    contactAt: Instant.nullable(),
    reassessmentAt: Instant.nullable(),
    supervisionAt: Instant.nullable(),
    followUpEndsAt: Instant.nullable(),
    milestones: z.array(z.strictObject({ code: Code, at: Instant })),
  }),
  pendingClosure: z.strictObject({ outcome: ClosureOutcome, proposedBy: StaffId.nullable() }).nullable(),
  pendingTransfer: z.strictObject({ toDistrict: DistrictId, requestedBy: StaffId }).nullable(),
  children: z.array(ChildState),
  disclosureAllowed: z.boolean(),
  outcome: ClosureOutcome.nullable(),
  closedAt: Instant.nullable(),
  reportsSeen: z.array(z.string()).max(200),
  run: z.number().int().min(1),
  /** Absent in cases started before conferences existed. */
  conference: CaseConferenceState.optional(),
});
export type CaseState = z.infer<typeof CaseState>;

/** The caseFollowUp workflow's input: ids and codes only; the family's data stays in MongoDB. */
export const CaseFollowUpInput = z.strictObject({
  caseId: CaseId,
  district: DistrictId,
  programme: Programme,
  facilityId: FacilityId,
  referredAt: Instant,
  urgent: z.boolean(),
  /** The policy version the case starts with (absent in histories of the first version: the programme's first). */
  policyVersion: Code.optional(),
  /** Set when the case continues as new: where it was. */
  resume: CaseState.optional(),
});
export type CaseFollowUpInput = z.infer<typeof CaseFollowUpInput>;

/** A point in time the case is waiting for. */
export const Awaiting = z.object({
  what: z.string(),
  taskId: TaskId.optional(),
  type: TaskType.optional(),
  dueAt: Instant.nullable(),
});

/** The status query's answer: what the case is waiting for and until when. */
export const CaseStatus = z.object({
  caseId: CaseId,
  stage: CaseStage,
  district: DistrictId.optional(),
  riskLevel: RiskLevel,
  policyVersion: z.string(),
  caseManager: StaffId.nullable().optional(),
  outcome: ClosureOutcome.nullable().optional(),
  run: z.number().int().optional(),
  waitingFor: z.array(z.object({ taskId: TaskId, type: TaskType, dueAt: Instant })),
  scheduled: z.array(Awaiting).optional(),
  conference: z.object({ active: z.string().nullable(), held: z.number().int() }).optional(),
});
export type CaseStatus = z.infer<typeof CaseStatus>;
