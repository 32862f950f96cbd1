import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  addWorkingDays,
  CaseFollowUpInput,
  CompleteTaskRequest,
  fieldIssues,
  firstContactDue,
  POLICIES,
  TaskForms,
  taskIdFor,
  type CaseStage,
  type CaseStatus,
  type CaseTaskState,
  type CompleteTaskResult,
  type RiskLevel,
  type TaskId,
  type TaskType,
} from '@continuum/domain';
import type { CaseActivities, CaseRef } from './case-activities';
import { CaseRiskLevel, CaseStage as CaseStageAttribute } from './search-attributes';

const activities = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['INVALID'] },
});

/** Completes one of the case's human tasks with its form. Rejected before anything is written if wrong. */
export const completeTaskUpdate = defineUpdate<CompleteTaskResult, [CompleteTaskRequest]>('completeTask');
/** What the case is waiting for and until when. */
export const caseStatusQuery = defineQuery<CaseStatus>('caseStatus');

/**
 * A family's follow-up, from referral on: opens the case, asks for the first contact by the programme's
 * deadline, then the needs assessment, then waits in support planning (the full algorithm builds on this).
 */
export async function caseFollowUp(rawInput: CaseFollowUpInput): Promise<void> {
  const parsedInput = CaseFollowUpInput.safeParse(rawInput);
  if (!parsedInput.success) {
    throw ApplicationFailure.nonRetryable('invalid case input', 'INVALID', fieldIssues(parsedInput.error.issues));
  }
  const input = parsedInput.data;
  const policy = POLICIES[input.programme];
  const ref: CaseRef = { caseId: input.caseId, district: input.district, programme: input.programme };
  const riskLevel: RiskLevel = input.urgent ? 'urgent' : 'medium';
  const tasks = new Map<TaskId, CaseTaskState>();
  let stage: CaseStage = 'intake';
  let stageChanges = 0;
  const now = () => new Date().toISOString(); // workflow time: deterministic on replay

  setHandler(caseStatusQuery, () => ({
    caseId: input.caseId,
    stage,
    riskLevel,
    policyVersion: policy.version,
    waitingFor: [...tasks.values()].filter((t) => t.status === 'open').map(({ taskId, type, dueAt }) => ({ taskId, type, dueAt })),
  }));

  setHandler(
    completeTaskUpdate,
    async (request) => {
      const task = tasks.get(request.taskId)!;
      task.status = 'completed'; // at once, so a second Update arriving meanwhile is rejected by the validator
      try {
        await activities.closeTask({ ...ref, taskId: task.taskId, type: task.type, completedBy: request.completedBy, form: request.form, at: now() });
      } catch (err) {
        task.status = 'open';
        throw err;
      }
      return { taskId: task.taskId, status: task.status, stage };
    },
    { validator: (request) => validateCompletion(tasks, request) },
  );

  await activities.openCase({ ...input, policyVersion: policy.version, riskLevel, at: now() });
  upsertSearchAttributes([{ key: CaseRiskLevel, value: riskLevel }]);

  async function moveTo(next: CaseStage): Promise<void> {
    stage = next;
    stageChanges += 1;
    upsertSearchAttributes([{ key: CaseStageAttribute, value: next }]);
    await activities.recordStage({ ...ref, stage: next, change: stageChanges, at: now() });
  }

  async function openTaskAndWait(type: TaskType, dueAt: Date): Promise<void> {
    const taskId = taskIdFor(input.caseId, tasks.size + 1);
    tasks.set(taskId, { taskId, type, status: 'open', dueAt: dueAt.toISOString() });
    await activities.createTask({ ...ref, taskId, type, dueAt: dueAt.toISOString(), at: now() });
    await condition(() => tasks.get(taskId)!.status !== 'open');
  }

  await moveTo('first-contact');
  await openTaskAndWait('first-contact', firstContactDue(policy, new Date(input.referredAt), input.urgent));

  await moveTo('needs-assessment');
  await openTaskAndWait('needs-assessment', addWorkingDays(new Date(), policy.needsAssessment.workingDays));

  await moveTo('support-planning');
  // The support plan, contacts, reassessments and closure continue from here as the algorithm grows.
  await condition(() => false);
}

function validateCompletion(tasks: ReadonlyMap<TaskId, CaseTaskState>, raw: CompleteTaskRequest): void {
  const request = CompleteTaskRequest.safeParse(raw);
  if (!request.success) {
    throw ApplicationFailure.nonRetryable('invalid completion request', 'INVALID', fieldIssues(request.error.issues));
  }
  const task = tasks.get(request.data.taskId);
  if (!task) throw ApplicationFailure.nonRetryable(`task ${request.data.taskId} is not a task of this case`, 'NOT_FOUND');
  if (task.status !== 'open') throw ApplicationFailure.nonRetryable(`task ${task.taskId} is already ${task.status}`, 'CONFLICT');
  const form = TaskForms[task.type].safeParse(request.data.form);
  if (!form.success) {
    throw ApplicationFailure.nonRetryable(`invalid ${task.type} form`, 'INVALID', fieldIssues(form.error.issues));
  }
}
