// The Update handlers of runs begun before patch `one-inbox`, word for word as they were: each did its work
// itself and woke the main loop through `changes`. Their histories replay only with this code. Delete with
// the patch (README: "Retiring a patch"). Validators write nothing to a history: the completion's is shared.
import { condition, patched, setHandler } from '@temporalio/workflow';
import { POLICY_VERSIONS } from '@continuum/domain/rules';
import type {
  ChangePolicyRequest,
  CloseCaseRequest,
  CompleteTaskRequest,
  ConveneConferenceRequest,
  ExtendTaskRequest,
  ReassignCaseRequest,
  ReopenCaseRequest,
  TransferCaseRequest,
} from '@continuum/domain';
import {
  changePolicyUpdate,
  closeCaseUpdate,
  completeTaskUpdate,
  extendTaskUpdate,
  reassignCaseUpdate,
  reopenCaseUpdate,
  transferCaseUpdate,
} from '../messages';
import { conveneConferenceUpdate } from '../conference-messages';
import { convene } from './conferences';
import { activities, type CaseContext, type Reaction } from './case-context';
import { requestTransfer } from './steps';
import { checkCompletion, COMPLETION_ANSWERS_PATCH, registerStatusAndSignals, scheduledOf } from './handlers';
import { checked, fail } from '../rejections';

export function registerHandlersV4(c: CaseContext): void {
  const s = c.state;
  const openCase = () => {
    if (s.stage === 'closed') fail('CONFLICT', 'the case is closed');
  };
  const openTask = (taskId: string) => {
    const task = s.openTasks.find((t) => t.taskId === taskId && t.status === 'open');
    if (!task) fail('CONFLICT', `task ${taskId} is not open in this case`);
    return task!;
  };

  setHandler(
    completeTaskUpdate,
    async (request) => {
      const task = openTask(request.taskId);
      // Only a completion that asks to wait takes the patched path, and only it leaves a marker in the history.
      const waitSeconds = request.waitForReaction !== undefined && patched(COMPLETION_ANSWERS_PATCH) ? request.waitForReaction : undefined;
      // Marked at once, so a second completion arriving meanwhile is rejected; it stays in the list (and
      // the stage keeps its task) until the main loop has reacted to it.
      task.status = 'completed';
      try {
        await activities.closeTask({
          ...c.ref,
          taskId: task.taskId,
          type: task.type,
          completedBy: request.completedBy,
          form: request.form,
          at: c.now().toISOString(),
        });
      } catch (err) {
        task.status = 'open';
        throw err;
      }
      const form = request.form; // as the casework service parsed it with the task's form
      if (waitSeconds === undefined) {
        c.inbox.push({ kind: 'task-completed', task, form, by: request.completedBy });
        return { taskId: task.taskId, status: 'completed', stage: s.stage };
      }
      // The answer waits for the main loop's reaction, so it tells the stage after it and the tasks it opened.
      const reaction: Reaction = { opened: [], done: false };
      c.inbox.push({ kind: 'task-completed', task, form, by: request.completedBy, reaction });
      if (!(await condition(() => reaction.done, waitSeconds * 1000))) return { taskId: task.taskId, status: 'completed', stage: s.stage, settled: false };
      return {
        taskId: task.taskId,
        status: 'completed',
        stage: reaction.stage ?? s.stage,
        settled: true,
        opened: [...reaction.opened],
        scheduled: scheduledOf(c),
      };
    },
    {
      validator: (raw) => {
        const request = checked<CompleteTaskRequest>(raw, {
          taskId: 'string',
          completedBy: 'string',
          roles: 'array?',
          form: 'object',
          waitForReaction: 'number?',
        });
        checkCompletion(c, request);
      },
    },
  );

  setHandler(
    extendTaskUpdate,
    async (request) => {
      const task = openTask(request.taskId);
      const fromDueAt = task.dueAt;
      task.dueAt = new Date(request.dueAt).toISOString();
      task.escalated = false;
      c.changes += 1;
      await activities.extendTask({
        ...c.ref,
        ...c.keyed('extended'),
        taskId: task.taskId,
        fromDueAt,
        dueAt: task.dueAt,
        reason: request.reason,
        extendedBy: request.extendedBy,
      });
      return { taskId: task.taskId, dueAt: task.dueAt };
    },
    {
      validator: (raw) => {
        const request = checked<ExtendTaskRequest>(raw, { taskId: 'string', dueAt: 'instant', reason: 'string', extendedBy: 'string' });
        const task = openTask(request.taskId);
        if (Date.parse(request.dueAt) <= Date.parse(task.dueAt))
          fail('INVALID', 'invalid request', [{ path: 'dueAt', message: `must be later than the current deadline ${task.dueAt}` }]);
      },
    },
  );

  setHandler(
    reassignCaseUpdate,
    async (request) => {
      s.caseManager = await activities.assignCaseManager({ ...c.ref, ...c.keyed('assigned'), reassignTo: request.assigneeId, replace: true });
      return { caseManager: s.caseManager ?? request.assigneeId };
    },
    { validator: (raw) => (checked<ReassignCaseRequest>(raw, { assigneeId: 'string', reason: 'string', requestedBy: 'string' }), openCase()) },
  );

  setHandler(transferCaseUpdate, async (request) => ({ taskId: await requestTransfer(c, request.toDistrict, request.requestedBy) }), {
    validator: (raw) => {
      const request = checked<TransferCaseRequest>(raw, { toDistrict: 'string', reason: 'string', requestedBy: 'string' });
      openCase();
      if (request.toDistrict === s.district) fail('INVALID', 'invalid request', [{ path: 'toDistrict', message: 'is the case’s district already' }]);
      if (s.pendingTransfer) fail('CONFLICT', `a transfer to ${s.pendingTransfer.toDistrict} is already waiting for acceptance`);
    },
  });

  setHandler(closeCaseUpdate, async (request) => ({ taskId: await c.proposeClosure(request.outcome, request.requestedBy) }), {
    validator: (raw) => {
      checked<CloseCaseRequest>(raw, { outcome: 'string', reason: 'string', requestedBy: 'string' });
      openCase();
      if (s.pendingClosure) fail('CONFLICT', `closure as ${s.pendingClosure.outcome} is already waiting for approval`);
    },
  });

  setHandler(
    reopenCaseUpdate,
    async (request) => {
      await activities.reopenCase({ ...c.ref, ...c.keyed('reopened'), reason: request.reason, reopenedBy: request.requestedBy });
      s.outcome = null;
      s.closedAt = null;
      s.followUpStartedAt = null;
      c.changes += 1;
      await c.moveTo('needs-assessment'); // the family is assessed again, then a new plan
      return { stage: s.stage };
    },
    {
      validator: (raw) => {
        checked<ReopenCaseRequest>(raw, { reason: 'string', requestedBy: 'string' });
        if (s.stage !== 'closed') fail('CONFLICT', 'the case is not closed');
        if (s.outcome === 'referral-rejected') fail('CONFLICT', 'a rejected referral is not reopened: the facility refers again');
      },
    },
  );

  setHandler(
    changePolicyUpdate,
    async (request) => {
      const fromVersion = s.policyVersion;
      await activities.recordPolicyChange({
        ...c.ref,
        ...c.keyed('policy'),
        fromVersion,
        toVersion: request.toVersion,
        reason: request.reason,
        changedBy: request.requestedBy,
      });
      s.policyVersion = request.toVersion;
      c.changes += 1;
      return { policyVersion: s.policyVersion };
    },
    {
      validator: (raw) => {
        const request = checked<ChangePolicyRequest>(raw, { toVersion: 'string', reason: 'string', requestedBy: 'string' });
        openCase();
        const target = POLICY_VERSIONS[request.toVersion];
        if (!target) fail('NOT_FOUND', `no policy version ${request.toVersion}`);
        if (target!.programme !== c.input.programme) fail('INVALID', `${request.toVersion} is a policy of ${target!.programme}`);
        if (target!.drill !== c.policy.drill) fail('INVALID', 'a case cannot move between drill and real policies');
        if (request.toVersion === s.policyVersion) fail('CONFLICT', `the case already follows ${s.policyVersion}`);
      },
    },
  );

  setHandler(
    conveneConferenceUpdate,
    async (request) => {
      const conferenceId = await convene(c, 'requested', { urgent: request.urgent, requestedBy: request.requestedBy, reason: request.reason });
      if (!conferenceId) fail('CONFLICT', 'the conference could not be convened'); // the validator checked every reason it may not
      return { conferenceId: conferenceId! };
    },
    {
      validator: (raw) => {
        const request = checked<ConveneConferenceRequest>(raw, { reason: 'string', urgent: 'boolean', requestedBy: 'string', roles: 'array' });
        openCase();
        if (!c.policy.conference) fail('CONFLICT', `policy ${s.policyVersion} holds no conference rules: move the case to a policy that does`);
        if (request.requestedBy !== s.caseManager && !request.roles.includes('supervisor'))
          fail('FORBIDDEN', 'a conference is convened by the case manager or a supervisor');
        if (s.conference?.active) fail('CONFLICT', `conference ${s.conference.active} is open already`);
      },
    },
  );

  // The status query and the signals: shared with new runs (they change nothing but the inbox).
  registerStatusAndSignals(c);
}
