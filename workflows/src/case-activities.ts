import type {
  CaseFollowUpInput,
  CaseStage,
  CaseId,
  ClosureOutcome,
  RecordedFamilyEvent,
  Programme,
  ReferralStatus,
  RiskLevel,
  StaffRole,
  TaskId,
  TaskType,
} from '@continuum/domain';

/**
 * What the case workflow asks of the outside world. Implemented in services/worker; every one is
 * idempotent (deterministic ids, upserts, conditional updates, message ids), because Temporal may run an
 * activity again. Times and event keys come from the workflow, so a retry writes and publishes the same.
 * The first four are also called by cases of the first version: their inputs only ever gain optional fields.
 */
export interface CaseActivities {
  openCase(input: CaseFollowUpInput & { policyVersion: string; riskLevel: RiskLevel; riskScore?: number; riskFactors?: string[]; at: string }): Promise<void>;
  recordStage(input: CaseRef & { stage: CaseStage; change: number; at: string }): Promise<void>;
  createTask(input: CaseRef & NewTask & { at: string }): Promise<void>;
  closeTask(input: CaseRef & { taskId: TaskId; type: TaskType; completedBy: string; form: unknown; at: string }): Promise<void>;

  /** The referral's codes the workflow needs: risk factors, which children are HIV-exposed, the consent. */
  referralFacts(input: { caseId: CaseId }): Promise<ReferralFacts>;
  setReferralStatus(input: CaseRef & Keyed & { status: ReferralStatus; reason?: string }): Promise<void>;
  /** Picks the district's caseworker with the fewest open cases (keeps the current one if already set). */
  /** A reassignment (`reassignTo`) keeps who asked for it and why in the case history. */
  assignCaseManager(input: CaseRef & Keyed & { reassignTo?: string; replace: boolean; requestedBy?: string; reason?: string }): Promise<string | null>;
  recordRisk(input: CaseRef & Keyed & { riskLevel: RiskLevel; score: number; factors: string[]; priority: number }): Promise<void>;
  cancelTasks(input: CaseRef & { taskIds: TaskId[]; at: string }): Promise<void>;
  escalateTask(input: CaseRef & Keyed & { taskId: TaskId; type: TaskType; dueAt: string }): Promise<void>;
  extendTask(input: CaseRef & Keyed & { taskId: TaskId; fromDueAt: string; dueAt: string; reason: string; extendedBy: string }): Promise<void>;
  transferCase(input: CaseRef & Keyed & { fromDistrict: string; taskIds: TaskId[] }): Promise<string | null>;
  recordFamilyEvent(input: CaseRef & Keyed & { reportId: string; reportedBy: string; event: RecordedFamilyEvent }): Promise<void>;
  closeCase(input: CaseRef & Keyed & { outcome: ClosureOutcome; reason?: string }): Promise<void>;
  reopenCase(input: CaseRef & Keyed & { reason: string; reopenedBy: string }): Promise<void>;
  recordPolicyChange(input: CaseRef & Keyed & { fromVersion: string; toVersion: string; reason: string; changedBy: string }): Promise<void>;
}

export interface CaseRef {
  caseId: CaseId;
  district: string;
  programme: Programme;
}

/** A deterministic key for the event an activity publishes (and the time it happened). */
export interface Keyed {
  eventKey: string;
  at: string;
}

export interface NewTask {
  taskId: TaskId;
  type: TaskType;
  dueAt: string;
  doneBy?: StaffRole[];
  priority?: number;
  subject?: string | null;
  /** The task's district when it is not the case's (a transfer is accepted by the receiving district). */
  taskDistrict?: string;
  /** Given for an action item: its owner, chosen by the conference's chair. */
  assigneeId?: string;
  conferenceId?: string;
  /** Who asked for the work (a transfer, a closure) and why: the case history keeps both. */
  request?: { by: string; reason: string };
}

export interface ReferralFacts {
  riskFactors: string[];
  children: Array<{ hivExposed: boolean }>;
  consentGranted: boolean;
}
