import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CaseStatus,
  ChangePolicyRequest,
  CloseCaseRequest,
  CompleteTaskRequest,
  CompleteTaskOutcome,
  ExtendTaskRequest,
  FamilyEventSignal,
  ReassignCaseRequest,
  ReopenCaseRequest,
  TaskId,
  TransferCaseRequest,
} from '@continuum/domain';

/**
 * What the outside world may say to a case. Updates answer (or reject, before anything is written, with an
 * ApplicationFailure whose type is an ErrorKind); the family event is a signal: reported, never refused.
 */
export const completeTaskUpdate = defineUpdate<CompleteTaskOutcome, [CompleteTaskRequest]>('completeTask');
export const extendTaskUpdate = defineUpdate<{ taskId: TaskId; dueAt: string }, [ExtendTaskRequest]>('extendTask');
export const reassignCaseUpdate = defineUpdate<{ caseManager: string }, [ReassignCaseRequest]>('reassignCase');
export const transferCaseUpdate = defineUpdate<{ taskId: TaskId }, [TransferCaseRequest]>('transferCase');
export const closeCaseUpdate = defineUpdate<{ taskId: TaskId }, [CloseCaseRequest]>('requestClosure');
export const reopenCaseUpdate = defineUpdate<{ stage: string }, [ReopenCaseRequest]>('reopenCase');
export const changePolicyUpdate = defineUpdate<{ policyVersion: string }, [ChangePolicyRequest]>('changePolicy');
export const familyEventSignal = defineSignal<[FamilyEventSignal]>('familyEvent');
/** What the case is waiting for and until when. */
export const caseStatusQuery = defineQuery<CaseStatus>('caseStatus');
