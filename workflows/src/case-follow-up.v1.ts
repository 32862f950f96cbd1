import { ApplicationFailure, condition, continueAsNew, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { addHours, addWorkingDays, POLICY_VERSIONS, findProgramme, taskIdFor } from '@continuum/domain/rules';
import type { CaseFollowUpInput, CaseStage, CaseState, CaseTaskState, CompleteTaskRequest, RiskLevel, TaskId, TaskType } from '@continuum/domain';
import type { CaseActivities, CaseRef } from './case-activities';
import { caseStatusQuery, changePolicyUpdate, completeTaskUpdate } from './messages';
import { CaseRiskLevel, CaseStage as CaseStageAttribute } from './search-attributes';
import { shapeIssues } from './rejections';

const activities = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['INVALID'] },
});

/**
 * The first version of caseFollowUp (issue 2), kept so that cases started with it replay exactly: it must
 * issue the same commands in the same order, so do not change what it does. Such a case waits in support
 * planning until a supervisor moves it to a current policy; it then continues as new in the full algorithm.
 */
export async function caseFollowUpV1(input: CaseFollowUpInput): Promise<void> {
  // The first version's deadlines, frozen as they were (the programme's `firstVersion`).
  const policy = findProgramme(input.programme)?.firstVersion;
  if (!policy) throw ApplicationFailure.nonRetryable(`${input.programme} had no first version`, 'INVALID');
  const ref: CaseRef = { caseId: input.caseId, district: input.district, programme: input.programme };
  const riskLevel: RiskLevel = input.urgent ? 'urgent' : 'medium';
  const tasks = new Map<TaskId, CaseTaskState>();
  let stage: CaseStage = 'intake';
  let stageChanges = 0;
  let upgradeTo: string | undefined;
  const now = () => new Date().toISOString();

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
      task.status = 'completed';
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

  // Added after the first version: registering a handler issues no command, so old histories replay.
  setHandler(
    changePolicyUpdate,
    (request) => {
      upgradeTo = request.toVersion;
      return { policyVersion: request.toVersion };
    },
    {
      validator: (request) => {
        if (stage !== 'support-planning')
          throw ApplicationFailure.nonRetryable('this case can move to a new policy once it waits in support planning', 'CONFLICT');
        const target = POLICY_VERSIONS[request.toVersion];
        if (!target || target.programme !== input.programme || target.drill)
          throw ApplicationFailure.nonRetryable(`${request.toVersion} is not a policy of ${input.programme}`, 'INVALID');
      },
    },
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
  const referredAt = new Date(input.referredAt);
  await openTaskAndWait('first-contact', input.urgent ? addHours(referredAt, policy.urgentHours) : addWorkingDays(referredAt, policy.firstContactWorkingDays));

  await moveTo('needs-assessment');
  await openTaskAndWait('needs-assessment', addWorkingDays(new Date(), policy.needsAssessmentWorkingDays));

  await moveTo('support-planning');
  // The first version waited here for good; a predicate issues no command, so this change replays.
  await condition(() => upgradeTo !== undefined);
  const resume: CaseState = {
    stage: 'support-planning',
    district: input.district,
    policyVersion: upgradeTo!,
    risk: { score: 0, level: riskLevel, factors: [] },
    caseManager: null,
    taskSeq: tasks.size,
    eventSeq: stageChanges,
    openTasks: [],
    firstContactAttempts: 1,
    acceptedAt: input.referredAt,
    followUpStartedAt: null,
    next: { contactAt: null, reassessmentAt: null, supervisionAt: null, followUpEndsAt: null, milestones: [] },
    pendingClosure: null,
    pendingTransfer: null,
    children: [],
    disclosureAllowed: true,
    outcome: null,
    closedAt: null,
    reportsSeen: [],
    run: 1,
  };
  await continueAsNew<(input: CaseFollowUpInput) => Promise<void>>({ ...input, policyVersion: upgradeTo, resume });
}

/** The casework service parsed the request and the task's form; this checks what this version reads. */
function validateCompletion(tasks: ReadonlyMap<TaskId, CaseTaskState>, raw: CompleteTaskRequest): void {
  const issues = shapeIssues(raw, { taskId: 'string', completedBy: 'string', form: 'object' });
  if (issues.length > 0) throw ApplicationFailure.nonRetryable('invalid completion request', 'INVALID', issues);
  const task = tasks.get(raw.taskId);
  if (!task) throw ApplicationFailure.nonRetryable(`task ${raw.taskId} is not a task of this case`, 'NOT_FOUND');
  if (task.status !== 'open') throw ApplicationFailure.nonRetryable(`task ${task.taskId} is already ${task.status}`, 'CONFLICT');
}
