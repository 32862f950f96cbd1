import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import {
  CaseId,
  CaseStage,
  caseOpenTasksPath,
  CompleteTaskBody,
  conferenceWorkflowId,
  DistrictId,
  DomainError,
  ExtendTaskBody,
  ReferralRejectionReason,
  SentTaskForm,
  StaffId,
  TaskId,
  TaskStatus,
  TaskType,
  inboxOpenTasksPath,
  NEUTRAL_TASK_TYPE,
  type CaseCompletionAnswer,
  type CompleteTaskOutcome,
  type ConferenceId,
  type StaffClaims,
  type TaskForm,
  type TaskView,
  type RecordAudit,
} from '@continuum/domain';
import { parseOr400, staffOf } from '@continuum/http';
import type { CaseVault, Store, TaskDoc } from '@continuum/store';
import { completeTaskUpdate, extendTaskUpdate, submitConferenceInputUpdate } from '@continuum/workflows';
import { caseNowFor, casesNow, notFound, requireHolder, requireRole, worksCases } from './access';
import { updateCase, updateWorkflow } from './workflow-calls';
import { lensesOf, type CodeLens } from './code-lens';

const DAY_MS = 86_400_000;

/**
 * Task types as a filter: one or more, comma-separated (`type=contact,reassessment`); the parameter given
 * twice is a 400, as every query parameter is. The types are those the caller sees (see typeFilter).
 */
export const TaskTypeFilter = z
  .string()
  .transform((raw, ctx) => {
    const types = raw.split(',');
    const unknown = types.filter((t) => !(TaskType.options as readonly string[]).includes(t));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `not a task type: ${unknown.map((t) => JSON.stringify(t)).join(', ')}; one or more of ${TaskType.options.join(', ')}, comma-separated`,
      });
      return z.NEVER;
    }
    return [...new Set(types)] as TaskType[];
  })
  .describe(
    'task types, comma-separated, as you see them: outside the family’s consent an infant test is a `contact`, and `infant-test` finds none of that case’s',
  );
export const TaskStatusFilter = z
  .enum([...TaskStatus.options, 'any'])
  .default('open')
  .describe('any: whatever the status');
const TaskSort = z.enum(['due', 'priority']).default('due').describe('priority: urgent cases first, then by due date');
const Limit = z.coerce.number().int().min(1).max(200).default(50);
const Offset = z.coerce.number().int().min(0).max(100_000).default(0);

export const TaskListQuery = z.strictObject({
  filter: z
    .enum(['all', 'mine', 'unassigned', 'overdue', 'due-soon'])
    .default('all')
    .describe("mine: assigned to me; unassigned: my team's, for my roles; due-soon: within 7 days"),
  status: TaskStatusFilter,
  sort: TaskSort,
  // A district id, so `district=` (empty) is a 400 rather than a silent filter on no district.
  district: DistrictId.optional().describe('one of my districts; default all of them'),
  caseId: CaseId.optional().describe('only this case’s tasks; a case you may not see (or none) gives an empty list'),
  type: TaskTypeFilter.optional(),
  stage: CaseStage.optional().describe('only tasks of cases now in this stage (caseworkers and supervisors: the cases of your districts)'),
  limit: Limit,
  offset: Offset,
});
/** GET /cases/{id}/tasks: the case's tasks, filtered like the inbox. */
export const CaseTaskListQuery = z.strictObject({ status: TaskStatusFilter, type: TaskTypeFilter.optional(), sort: TaskSort, limit: Limit, offset: Offset });
export const TaskParams = z.strictObject({ taskId: TaskId });
export const AssignTaskBody = z.strictObject({ assigneeId: StaffId });

/** The caseworker's task API: the inbox, claim, assign, extend, complete. */
export function taskRoutes(store: Store, temporal: Client, audit: RecordAudit, vault: CaseVault): Router {
  const router = Router();

  router.get('/tasks', async (req, res) => {
    const staff = staffOf(req);
    const q = parseOr400(TaskListQuery, req.query, 'query');
    if (q.district && !staff.districts.includes(q.district)) throw new DomainError('FORBIDDEN', 'not one of your districts');
    // A case's stage is the case's: for those who read cases, not for a specialist who sees only her own tasks.
    if (q.stage && !worksCases(staff)) throw new DomainError('FORBIDDEN', "filtering by a case's stage is for: caseworker, supervisor");
    const now = Date.now();
    const where: Record<string, unknown> = { district: q.district ?? { $in: staff.districts }, ...(q.status === 'any' ? {} : { status: q.status }) };
    if (q.filter === 'unassigned') Object.assign(where, { assigneeId: null, doneBy: { $in: staff.roles } });
    if (q.filter === 'overdue') where.dueAt = { $lt: new Date(now) };
    if (q.filter === 'due-soon') where.dueAt = { $gte: new Date(now), $lt: new Date(now + 7 * DAY_MS) };
    // My tasks are mine wherever the case is: a participant seated from another district has her input task.
    // Whoever does not work cases (a specialist, a coordinator) sees only the tasks given to her, whatever the filter.
    if (q.filter === 'mine' || !worksCases(staff)) {
      where.assigneeId = staff.sub;
      if (!q.district) delete where.district;
    }
    // The filters only narrow what the rules above let her see: another district's case id finds nothing.
    if (q.caseId) where.caseId = q.caseId;
    if (q.stage) {
      // Cases now in the stage, of her districts (cases {district, stage}); their tasks by case (tasks {caseId, status, dueAt}).
      const inStage = await store.cases
        .find({ district: q.district ?? { $in: staff.districts }, stage: q.stage, ...(q.caseId ? { _id: q.caseId } : {}) }, { _id: 1 })
        .lean();
      where.caseId = { $in: inStage.map((c) => c._id) };
    }
    if (q.type) Object.assign(where, await typeFilter(store, staff, where, q.type));
    res.json(await taskPage(store, staff, where, q));
  });

  router.get('/tasks/:taskId', async (req, res) => {
    const { staff, task, lens, caseDistrict } = await taskFor(req, store);
    await audit({ ...taskEntry(staff.sub, task, caseDistrict), action: 'read-task' });
    // What staff wrote (the form's notes, the extensions' reasons, an action item's text) is opened for her.
    const { form, extensions } = await vault.openWithin(task.caseId, { form: task.form ?? null, extensions: task.extensions ?? [] });
    res.json({
      ...lens.task(toTaskView(task)),
      form: lens.form(task.type, form),
      completedBy: task.completedBy ?? null,
      extensions,
      ...(await actionOf(store, vault, task)),
    });
  });

  router.post('/tasks/:taskId/claim', async (req, res) => {
    const { staff, task, ofHerDistricts, lens, caseDistrict } = await taskFor(req, store);
    requireRole(staff, task.doneBy as StaffClaims['roles'], `a ${lens.taskType(task.type)} task`);
    if (!ofHerDistricts && task.assigneeId !== staff.sub) throw new DomainError('FORBIDDEN', "the task is another district's to do");
    if (task.status !== 'open') throw new DomainError('CONFLICT', `the task is ${task.status}`);
    if (task.assigneeId === staff.sub) return void res.json(lens.task(toTaskView(task)));
    if (task.assigneeId) throw new DomainError('CONFLICT', `the task is assigned to ${task.assigneeId}`);
    const claimed = await handOver(store, task, staff.sub, staff.sub);
    await audit({ ...taskEntry(staff.sub, task, caseDistrict), action: 'claim-task' });
    res.json(lens.task(toTaskView(claimed)));
  });

  router.post('/tasks/:taskId/assign', async (req, res) => {
    const { staff, task, ofHerDistricts, lens, caseDistrict } = await taskFor(req, store);
    requireRole(staff, ['supervisor'], 'assigning a task');
    if (!ofHerDistricts) throw new DomainError('FORBIDDEN', "the task is another district's to do");
    const body = parseOr400(AssignTaskBody, req.body, 'request');
    const assignee = await store.staff.findById(body.assigneeId, { roles: 1, districts: 1, active: 1 }).lean();
    if (!assignee || assignee.active === false || !assignee.districts.includes(task.district) || !assignee.roles.some((r) => task.doneBy.includes(r))) {
      throw new DomainError('INVALID', 'invalid request', [{ path: 'assigneeId', message: `no ${task.doneBy.join('/')} of ${task.district} with this id` }]);
    }
    if (task.status !== 'open') throw new DomainError('CONFLICT', `the task is ${task.status}`);
    const assigned = await handOver(store, task, body.assigneeId, staff.sub);
    await audit({ ...taskEntry(staff.sub, task, caseDistrict), action: 'assign-task', details: { taskId: task._id, assigneeId: body.assigneeId } });
    res.json(lens.task(toTaskView(assigned)));
  });

  router.post('/tasks/:taskId/extend', async (req, res) => {
    const { staff, task, ofHerDistricts, caseDistrict } = await taskFor(req, store);
    requireHolder(staff, task, ofHerDistricts);
    const body = parseOr400(ExtendTaskBody, req.body, 'request');
    const answer = await updateCase(temporal, task.caseId, extendTaskUpdate, { taskId: task._id, extendedBy: staff.sub, ...body });
    await audit({ ...taskEntry(staff.sub, task, caseDistrict), action: 'extend-deadline', reason: body.reason, details: { taskId: task._id, to: body.dueAt } });
    res.json(answer);
  });

  router.post('/tasks/:taskId/complete', async (req, res) => {
    const { staff, task, ofHerDistricts, lens, caseDistrict } = await taskFor(req, store);
    const type = lens.taskType(task.type); // what the caller is told the task is
    requireRole(staff, task.doneBy as StaffClaims['roles'], `a ${type} task`);
    requireHolder(staff, task, ofHerDistricts);
    parseOr400(CompleteTaskBody, req.body, 'request');
    // The form as sent, not the record's copy: copying drops a "__proto__" key, which the strict form must refuse.
    // Risk factors in aliases become their codes; only the case's programme's are taken (as the caller sees them).
    const form = parseOr400(SentTaskForm(task.type, task.programme, lens.riskFactors), (req.body as { form: unknown }).form, `${type} form`);
    // The facility is told why, as a code from the closed list: a rejection must give one.
    if (task.type === 'referral-review' && (form as TaskForm<'referral-review'>).decision === 'reject' && !(form as TaskForm<'referral-review'>).reasonCode) {
      throw new DomainError('INVALID', 'invalid referral-review form', [
        { path: 'reasonCode', message: `a rejection names its reason: ${ReferralRejectionReason.options.join(', ')}` },
      ]);
    }
    // A referral merged into the case the family has: an open case of her districts, not this one.
    const mergeInto = task.type === 'referral-review' ? (form as TaskForm<'referral-review'>).mergeInto : undefined;
    if (mergeInto) {
      const kept = await store.cases.findById(mergeInto, { district: 1, stage: 1 }).lean();
      if (!kept || mergeInto === task.caseId || kept.stage === 'closed' || !staff.districts.includes(kept.district)) {
        throw new DomainError('INVALID', 'invalid referral-review form', [
          { path: 'mergeInto', message: "must be another open case of the caller's districts" },
        ]);
      }
    }
    if (task.type === 'conference-input' && task.conferenceId) {
      // A participant's input is the conference's to take, like POST /conferences/{id}/input.
      const input = form as TaskForm<'conference-input'>;
      const answer = await updateWorkflow(
        temporal,
        conferenceWorkflowId(task.conferenceId as ConferenceId),
        submitConferenceInputUpdate,
        { ...input, requestedBy: staff.sub },
        'conference',
      );
      await audit({
        ...taskEntry(staff.sub, task, caseDistrict),
        action: 'submit-conference-input',
        details: { taskId: task._id, conferenceId: task.conferenceId },
      });
      return void res.json({ taskId: task._id, status: 'completed', conference: answer });
    }
    // The workflow's validator is the authority on the task's state: it rejects a closed task before
    // anything is written, including when two completions race each other.
    // `Prefer: wait=N` (RFC 7240): the caller waits up to N seconds (15 at most) for the case's reaction.
    const waitForReaction = preferredWait(req.get('prefer'));
    const outcome = await updateCase(temporal, task.caseId, completeTaskUpdate, {
      taskId: task._id,
      completedBy: staff.sub,
      roles: staff.roles,
      form,
      ...(waitForReaction && { waitForReaction }),
    });
    await audit({ ...taskEntry(staff.sub, task, caseDistrict), action: 'complete-task' });
    if (waitForReaction) res.set('Preference-Applied', `wait=${waitForReaction}`);
    res.json(await completionAnswer(store, staff, task, outcome, { district: caseDistrict, lens }));
  });

  return router;
}

/** The longest a completion waits for the case's reaction, in seconds. */
export const MAX_REACTION_WAIT = 15;

/**
 * The seconds a `Prefer` header asks to wait (`Prefer: wait=10`, among other preferences or not), at most
 * MAX_REACTION_WAIT; undefined when it asks for none. A preference is a wish: one it cannot read is ignored.
 */
export function preferredWait(prefer: string | undefined): number | undefined {
  const wait = (prefer ?? '')
    .split(',')
    .map((p) => /^\s*wait\s*=\s*"?(\d{1,6})"?\s*$/i.exec(p)?.[1])
    .find((n) => n !== undefined);
  const seconds = wait === undefined ? 0 : Math.min(Number(wait), MAX_REACTION_WAIT);
  return seconds >= 1 ? seconds : undefined;
}

/** A page of tasks, each through its case's lens (one read of the cases for the whole page); the forms are left out. */
export async function taskPage(
  store: Store,
  staff: StaffClaims,
  where: Record<string, unknown>,
  q: { sort: 'due' | 'priority'; limit: number; offset: number },
) {
  const sort: Record<string, 1 | -1> = q.sort === 'priority' ? { priority: -1, dueAt: 1, _id: 1 } : { dueAt: 1, priority: -1, _id: 1 };
  const [docs, total] = await Promise.all([
    store.tasks.find(where, { form: 0 }).sort(sort).skip(q.offset).limit(q.limit).lean(),
    store.tasks.countDocuments(where),
  ]);
  const lensOf = lensesOf(
    staff,
    await casesNow(
      store,
      docs.map((d) => d.caseId),
    ),
  );
  return { tasks: docs.map((d) => lensOf(d.caseId).task(toTaskView(d))), total, limit: q.limit, offset: q.offset };
}

/** The stored types that read as one of `wanted` through a lens: `contact` is a contact, and an infant test too outside the consent. */
export const storedTypesSeenAs = (lens: CodeLens, wanted: readonly TaskType[]): TaskType[] =>
  TaskType.options.filter((type) => wanted.includes(lens.taskType(type)));

/**
 * A type filter on the types as the caller sees them, so it tells no more than the list without it: outside
 * a family's consent an infant test is a `contact` (found by `type=contact`), and `type=infant-test` finds none
 * of that case's. Types that read the same through every lens are filtered as they are; a revealing type is
 * matched case by case, from the cases (as they are now) of the tasks of that type within `scope`.
 */
async function typeFilter(store: Store, staff: StaffClaims, scope: Record<string, unknown>, wanted: readonly TaskType[]): Promise<Record<string, unknown>> {
  const plain = wanted.filter((type) => !(type in NEUTRAL_TASK_TYPE));
  const revealing = (Object.keys(NEUTRAL_TASK_TYPE) as TaskType[]).filter(
    (type) => wanted.includes(type) || wanted.includes(NEUTRAL_TASK_TYPE[type as keyof typeof NEUTRAL_TASK_TYPE]),
  );
  if (revealing.length === 0) return { type: { $in: plain } };
  const candidates = await store.tasks.find({ ...scope, type: { $in: revealing } }, { caseId: 1 }).lean();
  const caseIds = [...new Set(candidates.map((t) => t.caseId))];
  const lensOf = lensesOf(staff, await casesNow(store, caseIds));
  const seen = revealing
    .map((type) => ({ type, caseId: { $in: caseIds.filter((caseId) => wanted.includes(lensOf(caseId).taskType(type))) } }))
    .filter((branch) => branch.caseId.$in.length > 0);
  return seen.length === 0 ? { type: { $in: plain } } : { $or: [{ type: { $in: plain } }, ...seen] };
}

/**
 * May she read this task? Hers (a conference participant or action owner from another district has hers), or
 * a task of a case now in one of her districts, for those who work cases; or an open task given to one of her
 * districts while the case is elsewhere (a transfer waiting for her district's acceptance).
 */
const readsTask = (staff: StaffClaims, task: { assigneeId?: string | null; status: string; district: string }, caseDistrict: string): boolean =>
  task.assigneeId === staff.sub || seesByDistrict(staff, task, caseDistrict);
const seesByDistrict = (staff: StaffClaims, task: { status: string; district: string }, caseDistrict: string): boolean =>
  worksCases(staff) && (staff.districts.includes(caseDistrict) || (task.status === 'open' && staff.districts.includes(task.district)));

/**
 * What a completion did, as the caller may see it: the case's stage after the case reacted, the tasks it opened
 * (read from the store, which knows their assignees, and through the case's lens as it is now) and its calendar;
 * or, when the case reacts asynchronously, the stage it took the completion in and where the tasks will appear.
 */
async function completionAnswer(
  store: Store,
  staff: StaffClaims,
  task: TaskDoc & { _id: string },
  outcome: CompleteTaskOutcome,
  before: { district: string; lens: CodeLens },
): Promise<CaseCompletionAnswer> {
  const caseId = task.caseId as CaseId;
  const settled = outcome.settled === true;
  // After a reaction the case is read again (a transfer may have moved it); before one, it is as the completion found it.
  const { district, lens } = settled ? await caseNowFor(store, staff, caseId, task.district) : before;
  const readsCase = worksCases(staff) && staff.districts.includes(district);
  const ids = settled ? (outcome.opened ?? []) : [];
  const docs = ids.length > 0 ? await store.tasks.find({ _id: { $in: ids } }, { form: 0 }).lean() : [];
  const opened = docs.filter((t) => readsTask(staff, t, district)).sort((a, b) => ids.indexOf(a._id) - ids.indexOf(b._id));
  return {
    taskId: task._id,
    caseId,
    status: 'completed',
    settled,
    stage: outcome.stage,
    opened: opened.map((t) => lens.task(toTaskView(t))),
    // The case's calendar is the case's: for whoever reads the case.
    scheduled: settled && readsCase ? (outcome.scheduled ?? []).map((w) => ({ ...w, what: lens.scheduled(w.what) })) : [],
    openTasks: readsCase ? caseOpenTasksPath(caseId) : inboxOpenTasksPath(caseId),
  };
}

/**
 * Gives the task to a staff member, once per generation: of two hand-overs read from the same state, the
 * second insert of the same claim id fails and answers 409, so nobody is told she has a task she has not.
 */
async function handOver(store: Store, task: TaskDoc & { _id: string }, assigneeId: string, by: string) {
  const generation = task.handovers ?? 0;
  try {
    await store.taskClaims.create({ _id: `${task._id}/${generation}`, taskId: task._id, staffId: assigneeId, by, at: new Date() });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw new DomainError('CONFLICT', 'the task changed hands a moment ago; reload it');
    throw err;
  }
  await store.tasks.updateOne({ _id: task._id }, { $set: { assigneeId, handovers: generation + 1 } });
  return { ...task, assigneeId, handovers: generation + 1 };
}

/**
 * The task, if the caller may see it: hers (a conference participant or action owner from another district
 * has hers), or a task of a case now in one of her districts, for those who work cases; or an open task given
 * to one of her districts while the case is elsewhere (a transfer waiting for her district's acceptance).
 * Anything else is "no such task", as a missing one is.
 */
/** The who and where of an audit entry about a task: the case's district as it is now. */
const taskEntry = (actor: string, task: { _id: string; caseId: string }, caseDistrict: string) => ({
  actor,
  caseId: task.caseId,
  district: caseDistrict,
  details: { taskId: task._id },
});

async function taskFor(req: import('express').Request, store: Store) {
  const staff = staffOf(req);
  const { taskId } = parseOr400(TaskParams, req.params, 'task id');
  const task = await store.tasks.findById(taskId).lean();
  if (!task) throw notFound('task');
  // Authorisation follows the case where it is now: after a transfer the sending district keeps nothing.
  const { district: caseDistrict, lens } = await caseNowFor(store, staff, task.caseId, task.district);
  const seesIt = seesByDistrict(staff, task, caseDistrict);
  if (!readsTask(staff, task, caseDistrict)) throw notFound('task');
  // The work is the task's district's: a transfer's acceptance is the receiving district's, not the sender's.
  return { staff, task, caseDistrict, ofHerDistricts: seesIt && staff.districts.includes(task.district), lens };
}

/** An action item's text, from its conference's decisions: the owner reads what she is to do. */
async function actionOf(store: Store, vault: CaseVault, task: TaskDoc): Promise<{ action?: string }> {
  if (task.type !== 'action-item' || !task.conferenceId) return {};
  const stored = await store.conferences.findById(task.conferenceId, { decisions: 1 }).lean();
  const conference = stored && { decisions: await vault.openWithin(task.caseId, stored.decisions) };
  const items = (conference?.decisions as { actionItems?: Array<{ action: string; ownerId: string; dueAt: string }> } | null)?.actionItems ?? [];
  const mine =
    items.find((a) => a.ownerId === task.assigneeId && Date.parse(a.dueAt) === task.dueAt.getTime()) ?? items.find((a) => a.ownerId === task.assigneeId);
  return mine ? { action: mine.action } : {};
}

export function toTaskView(doc: TaskDoc & { _id: string }): TaskView {
  return {
    taskId: doc._id,
    caseId: doc.caseId,
    type: doc.type,
    status: doc.status,
    district: doc.district,
    programme: doc.programme,
    assigneeId: doc.assigneeId ?? null,
    doneBy: (doc.doneBy ?? ['caseworker']) as TaskView['doneBy'],
    priority: doc.priority ?? 1,
    dueAt: doc.dueAt.toISOString(),
    escalatedAt: doc.escalatedAt ? doc.escalatedAt.toISOString() : null,
    createdAt: doc.createdAt.toISOString(),
    completedAt: doc.completedAt ? doc.completedAt.toISOString() : null,
    subject: doc.subject ?? null,
    conferenceId: doc.conferenceId ?? null,
    ...(doc.probableDuplicateOf ? { probableDuplicateOf: doc.probableDuplicateOf } : {}),
  };
}
