import type { UpdateDefinition } from '@temporalio/common';
import { condition, setHandler } from '@temporalio/workflow';
import { after, POLICY_VERSIONS } from '@continuum/domain/rules';
import type {
  ChangePolicyRequest,
  CloseCaseRequest,
  CompleteTaskRequest,
  ConferenceOutcome,
  ConveneConferenceRequest,
  ExtendTaskRequest,
  FamilyEventSignal,
  PolicyTaskType,
  ReassignCaseRequest,
  ReopenCaseRequest,
  ScheduledStep,
  TransferCaseRequest,
} from '@continuum/domain';
import {
  caseStatusQuery,
  changePolicyUpdate,
  closeCaseUpdate,
  completeTaskUpdate,
  extendTaskUpdate,
  familyEventSignal,
  reassignCaseUpdate,
  reopenCaseUpdate,
  transferCaseUpdate,
} from '../messages';
import { conferenceOutcomeSignal, conveneConferenceUpdate } from '../conference-messages';
import { convene } from './conferences';
import { activities, type CaseContext, type Reaction } from './case-context';
import { requestTransfer } from './steps';
import { checked, fail, shapeIssues } from '../rejections';

/**
 * Patch id: since this change a completion whose caller asks to wait (`waitForReaction`) answers once the case
 * has reacted to it (the stage after it, the tasks it opened, the calendar), or when the wait is over. Replayed
 * completions taken before it answer at once, as they did, whatever they asked.
 */
export const COMPLETION_ANSWERS_PATCH = 'completion-answers-reaction';

/**
 * May this completion be taken: an open task of this case (one already closed is a conflict, one of no case a
 * 404), by a role that does it. A validator writes nothing to the history, so old runs' handlers share it.
 */
export function checkCompletion(c: CaseContext, request: CompleteTaskRequest): void {
  const s = c.state;
  const task = s.openTasks.find((t) => t.taskId === request.taskId && t.status === 'open');
  if (!task) {
    const known = request.taskId.startsWith(`task-${c.input.caseId.slice(5)}-`) && Number(request.taskId.split('-').pop()) <= s.taskSeq;
    fail(known ? 'CONFLICT' : 'NOT_FOUND', known ? `task ${request.taskId} is already closed` : `task ${request.taskId} is not a task of this case`);
  }
  const doneBy = task!.doneBy ?? c.template(task!.type as PolicyTaskType).doneBy;
  if (request.roles && !request.roles.some((r) => doneBy.includes(r))) fail('FORBIDDEN', `a ${task!.type} task is done by: ${doneBy.join(', ')}`);
}

/** What the case does next by itself, and when: the status query's `scheduled`, and a settled completion's. */
export function scheduledOf(c: CaseContext): ScheduledStep[] {
  const s = c.state;
  return [
    ...s.next.milestones.map((m) => ({ what: `infant-test:${m.code}`, dueAt: m.at })),
    ...(s.stage === 'follow-up'
      ? [
          { what: 'contact', dueAt: s.next.contactAt },
          { what: 'reassessment', dueAt: s.next.reassessmentAt },
          { what: 'supervision-review', dueAt: s.next.supervisionAt },
          { what: 'end-of-follow-up', dueAt: s.next.followUpEndsAt },
        ].filter((x) => x.dueAt !== null)
      : []),
    ...(s.stage === 'closed' && s.closedAt
      ? [{ what: 'reopen-window-ends', dueAt: after(new Date(s.closedAt), c.policy.closure.reopenWithin).toISOString() }]
      : []),
    ...(s.stage === 'follow-up' && s.conference?.nextReviewAt ? [{ what: 'review-conference', dueAt: s.conference.nextReviewAt }] : []),
  ];
}

/** An Update of the case: the fields its request must have, what must hold to take it, and the work it asks. */
interface CaseUpdate<Req, Res> {
  shape: Parameters<typeof checked>[1];
  /** Checked when the Update arrives (its validator) and again when its turn comes, as the case may have changed meanwhile. */
  check: (request: Req) => void;
  work: (request: Req) => Promise<Res>;
}

/** The Update handlers of a run since patch `one-inbox` (handlers.v4.ts: of runs begun before it). */
export function registerHandlers(c: CaseContext): void {
  const s = c.state;
  const on = <Req, Res>(update: UpdateDefinition<Res, [Req]>, u: CaseUpdate<Req, Res>) =>
    setHandler(update, (request) => c.request(() => (u.check(request), u.work(request))), {
      validator: (raw) => u.check(checked<Req>(raw, u.shape)),
    });

  const caseOpen = () => {
    if (s.stage === 'closed') fail('CONFLICT', 'the case is closed');
  };
  const openTask = (taskId: string) =>
    s.openTasks.find((t) => t.taskId === taskId && t.status === 'open') ?? fail('CONFLICT', `task ${taskId} is not open in this case`);

  // A completion closes the task in the loop's turn; the loop reacts to it next. The answer waits for that
  // reaction when the caller asks (`waitForReaction`), so it tells the stage after it and the tasks it opened.
  const completion: CaseUpdate<CompleteTaskRequest, Reaction | undefined> = {
    shape: { taskId: 'string', completedBy: 'string', roles: 'array?', form: 'object', waitForReaction: 'number?' },
    check: (request) => checkCompletion(c, request),
    work: async (request) => {
      const task = openTask(request.taskId);
      // Marked at once: it stays in the list (and the stage keeps its task) until the loop has reacted to it.
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
      const reaction: Reaction | undefined = request.waitForReaction !== undefined ? { opened: [], done: false } : undefined;
      // The form as the casework service parsed it with the task's form.
      c.inbox.push({ kind: 'task-completed', task, form: request.form, by: request.completedBy, ...(reaction && { reaction }) });
      return reaction;
    },
  };
  setHandler(
    completeTaskUpdate,
    async (request) => {
      const reaction = await c.request(() => (completion.check(request), completion.work(request)));
      const answer = { taskId: request.taskId, status: 'completed' as const, stage: s.stage };
      if (!reaction) return answer;
      if (!(await condition(() => reaction.done, request.waitForReaction! * 1000))) return { ...answer, settled: false };
      return { ...answer, stage: reaction.stage ?? s.stage, settled: true, opened: [...reaction.opened], scheduled: scheduledOf(c) };
    },
    { validator: (raw) => completion.check(checked<CompleteTaskRequest>(raw, completion.shape)) },
  );

  on(extendTaskUpdate, {
    shape: { taskId: 'string', dueAt: 'instant', reason: 'string', extendedBy: 'string' },
    check: (request: ExtendTaskRequest) => {
      const task = openTask(request.taskId);
      if (Date.parse(request.dueAt) <= Date.parse(task.dueAt))
        fail('INVALID', 'invalid request', [{ path: 'dueAt', message: `must be later than the current deadline ${task.dueAt}` }]);
    },
    work: async (request) => {
      const task = openTask(request.taskId);
      const fromDueAt = task.dueAt;
      task.dueAt = new Date(request.dueAt).toISOString();
      task.escalated = false;
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
  });

  on(reassignCaseUpdate, {
    shape: { assigneeId: 'string', reason: 'string', requestedBy: 'string' },
    check: caseOpen,
    work: async (request: ReassignCaseRequest) => {
      s.caseManager = await activities.assignCaseManager({
        ...c.ref,
        ...c.keyed('assigned'),
        reassignTo: request.assigneeId,
        replace: true,
        requestedBy: request.requestedBy,
        reason: request.reason,
      });
      return { caseManager: s.caseManager ?? request.assigneeId };
    },
  });

  on(transferCaseUpdate, {
    shape: { toDistrict: 'string', reason: 'string', requestedBy: 'string' },
    check: (request: TransferCaseRequest) => {
      caseOpen();
      if (request.toDistrict === s.district) fail('INVALID', 'invalid request', [{ path: 'toDistrict', message: 'is the case’s district already' }]);
      if (s.pendingTransfer) fail('CONFLICT', `a transfer to ${s.pendingTransfer.toDistrict} is already waiting for acceptance`);
    },
    work: async (request) => ({ taskId: await requestTransfer(c, request.toDistrict, request.requestedBy, request.reason) }),
  });

  on(closeCaseUpdate, {
    shape: { outcome: 'string', reason: 'string', requestedBy: 'string' },
    check: () => {
      caseOpen();
      if (s.pendingClosure) fail('CONFLICT', `closure as ${s.pendingClosure.outcome} is already waiting for approval`);
    },
    work: async (request: CloseCaseRequest) => ({ taskId: await c.proposeClosure(request.outcome, request.requestedBy, request.reason) }),
  });

  on(reopenCaseUpdate, {
    shape: { reason: 'string', requestedBy: 'string' },
    check: () => {
      if (s.stage !== 'closed') fail('CONFLICT', 'the case is not closed');
      if (s.closedAt && after(new Date(s.closedAt), c.policy.closure.reopenWithin).getTime() <= Date.now())
        fail('CONFLICT', 'the reopening window has passed: the facility refers the family again');
      if (s.outcome === 'referral-rejected') fail('CONFLICT', 'a rejected referral is not reopened: the facility refers again');
    },
    work: async (request: ReopenCaseRequest) => {
      await activities.reopenCase({ ...c.ref, ...c.keyed('reopened'), reason: request.reason, reopenedBy: request.requestedBy });
      s.outcome = null;
      s.closedAt = null;
      s.followUpStartedAt = null;
      await c.moveTo('needs-assessment'); // the family is assessed again, then a new plan
      return { stage: s.stage };
    },
  });

  on(changePolicyUpdate, {
    shape: { toVersion: 'string', reason: 'string', requestedBy: 'string' },
    check: (request: ChangePolicyRequest) => {
      caseOpen();
      const target = POLICY_VERSIONS[request.toVersion] ?? fail('NOT_FOUND', `no policy version ${request.toVersion}`);
      if (target.programme !== c.input.programme) fail('INVALID', `${request.toVersion} is a policy of ${target.programme}`);
      if (target.drill !== c.policy.drill) fail('INVALID', 'a case cannot move between drill and real policies');
      if (request.toVersion === s.policyVersion) fail('CONFLICT', `the case already follows ${s.policyVersion}`);
    },
    work: async (request) => {
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
      return { policyVersion: s.policyVersion };
    },
  });

  on(conveneConferenceUpdate, {
    shape: { reason: 'string', urgent: 'boolean', requestedBy: 'string', roles: 'array' },
    check: (request: ConveneConferenceRequest) => {
      caseOpen();
      if (!c.policy.conference) fail('CONFLICT', `policy ${s.policyVersion} holds no conference rules: move the case to a policy that does`);
      if (request.requestedBy !== s.caseManager && !request.roles.includes('supervisor'))
        fail('FORBIDDEN', 'a conference is convened by the case manager or a supervisor');
      if (s.conference?.active) fail('CONFLICT', `conference ${s.conference.active} is open already`);
    },
    work: async (request) => {
      const conferenceId = await convene(c, 'requested', { urgent: request.urgent, requestedBy: request.requestedBy, reason: request.reason });
      return { conferenceId: conferenceId ?? fail('CONFLICT', 'the conference could not be convened') }; // the check named every reason it may not
    },
  });

  registerStatusAndSignals(c);
}

/**
 * The status query, and the signals that only put something in the inbox: the same for every run (handlers.v4.ts
 * registers them too). The signals come after the Updates, as they always did; a query leaves nothing in the history.
 */
export function registerStatusAndSignals(c: CaseContext): void {
  const s = c.state;
  setHandler(caseStatusQuery, () => ({
    caseId: c.input.caseId,
    stage: s.stage,
    district: s.district,
    riskLevel: s.risk.level,
    policyVersion: s.policyVersion,
    caseManager: s.caseManager,
    outcome: s.outcome,
    run: s.run,
    waitingFor: s.openTasks.filter((t) => t.status === 'open').map(({ taskId, type, dueAt }) => ({ taskId, type, dueAt })),
    scheduled: scheduledOf(c),
    ...(s.conference ? { conference: { active: s.conference.active, held: s.conference.held } } : {}),
  }));

  // A signal that is not what the sender parsed changes nothing: a bug, or a forgery (which decodes to nothing).
  setHandler(conferenceOutcomeSignal, (raw) => {
    if (shapeIssues(raw, { kind: 'string', conferenceId: 'string' }).length === 0) c.inbox.push({ kind: 'conference', outcome: raw as ConferenceOutcome });
  });

  setHandler(familyEventSignal, (raw) => {
    const signal = raw as FamilyEventSignal;
    if (
      shapeIssues(raw, { reportId: 'string', reportedBy: 'string', event: 'object' }).length === 0 &&
      shapeIssues(signal.event, { type: 'string' }).length === 0
    )
      c.inbox.push({ kind: 'family-event', signal });
  });
}
