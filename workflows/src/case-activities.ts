import type { CaseFollowUpInput, CaseStage, CaseId, Programme, RiskLevel, TaskId, TaskType } from '@continuum/domain';

/**
 * What the case workflow asks of the outside world. Implemented in services/worker; every one is
 * idempotent (deterministic ids, upserts, message ids), because Temporal may run an activity again.
 * Times come from the workflow, so a retry writes and publishes exactly the same thing.
 */
export interface CaseActivities {
  openCase(input: CaseFollowUpInput & { policyVersion: string; riskLevel: RiskLevel; at: string }): Promise<void>;
  recordStage(input: CaseRef & { stage: CaseStage; change: number; at: string }): Promise<void>;
  createTask(input: CaseRef & { taskId: TaskId; type: TaskType; dueAt: string; at: string }): Promise<void>;
  closeTask(input: CaseRef & { taskId: TaskId; type: TaskType; completedBy: string; form: unknown; at: string }): Promise<void>;
}

export interface CaseRef {
  caseId: CaseId;
  district: string;
  programme: Programme;
}
