import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import {
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
  type ConferenceId,
  type StaffClaims,
  type TaskForm,
  type TaskView,
} from '@continuum/domain';
import { parseOr400, staffOf } from '@continuum/http';
import type { Store, TaskDoc } from '@continuum/store';
import { completeTaskUpdate, extendTaskUpdate, submitConferenceInputUpdate } from '@continuum/workflows';
import { caseNow, casesNow, notFound, requireHolder, requireRole, worksCases } from './access';
import { updateCase, updateWorkflow } from './workflow-calls';
import { lensesOf, lensFor } from './code-lens';

const DAY_MS = 86_400_000;

export const TaskListQuery = z.strictObject({
  filter: z.enum(['all', 'mine', 'unassigned', 'overdue', 'due-soon']).default('all').describe("mine: assigned to me; unassigned: my team's, for my roles; due-soon: within 7 days"),
  status: TaskStatus.default('open'),
  sort: z.enum(['due', 'priority']).default('due').describe('priority: urgent cases first, then by due date'),
  // A district id, so `district=` (empty) is a 400 rather than a silent filter on no district.
  district: DistrictId.optional().describe('one of my districts; default all of them'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export const TaskListAnswer = z.object({ tasks: z.array(z.any()), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export const TaskParams = z.strictObject({ taskId: TaskId });
export const AssignTaskBody = z.strictObject({ assigneeId: StaffId });

/** The caseworker's task API: the inbox, claim, assign, extend, complete. */
export function taskRoutes(store: Store, temporal: Client): Router {
  const router = Router();

  router.get('/tasks', async (req, res) => {
    const staff = staffOf(req);
    const q = parseOr400(TaskListQuery, req.query, 'query');
    if (q.district && !staff.districts.includes(q.district)) throw new DomainError('FORBIDDEN', 'not one of your districts');
    const now = Date.now();
    const where: Record<string, unknown> = { district: q.district ?? { $in: staff.districts }, status: q.status };
    if (q.filter === 'unassigned') Object.assign(where, { assigneeId: null, doneBy: { $in: staff.roles } });
    if (q.filter === 'overdue') where.dueAt = { $lt: new Date(now) };
    if (q.filter === 'due-soon') where.dueAt = { $gte: new Date(now), $lt: new Date(now + 7 * DAY_MS) };
    // My tasks are mine wherever the case is: a participant seated from another district has her input task.
    // Whoever does not work cases (a specialist, a coordinator) sees only the tasks given to her, whatever the filter.
    if (q.filter === 'mine' || !worksCases(staff)) {
      where.assigneeId = staff.sub;
      if (!q.district) delete where.district;
    }
    const sort: Record<string, 1 | -1> = q.sort === 'priority' ? { priority: -1, dueAt: 1, _id: 1 } : { dueAt: 1, priority: -1, _id: 1 };
    const [docs, total] = await Promise.all([
      store.tasks.find(where, { form: 0 }).sort(sort).skip(q.offset).limit(q.limit).lean(),
      store.tasks.countDocuments(where),
    ]);
    const lensOf = lensesOf(staff, await casesNow(store, docs.map((d) => d.caseId)));
    res.json({ tasks: docs.map((d) => lensOf(d.caseId).task(toTaskView(d))), total, limit: q.limit, offset: q.offset });
  });

  router.get('/tasks/:taskId', async (req, res) => {
    const { task, lens } = await taskFor(req, store);
    res.json({ ...lens.task(toTaskView(task)), form: lens.form(task.type, task.form ?? null), completedBy: task.completedBy ?? null, extensions: task.extensions ?? [], ...(await actionOf(store, task)) });
  });

  router.post('/tasks/:taskId/claim', async (req, res) => {
    const { staff, task, ofHerDistricts, lens } = await taskFor(req, store);
    requireRole(staff, task.doneBy as StaffClaims['roles'], `a ${lens.taskType(task.type)} task`);
    if (!ofHerDistricts && task.assigneeId !== staff.sub) throw new DomainError('FORBIDDEN', "the task is another district's to do");
    if (task.status !== 'open') throw new DomainError('CONFLICT', `the task is ${task.status}`);
    if (task.assigneeId === staff.sub) return void res.json(lens.task(toTaskView(task)));
    if (task.assigneeId) throw new DomainError('CONFLICT', `the task is assigned to ${task.assigneeId}`);
    res.json(lens.task(toTaskView(await handOver(store, task, staff.sub, staff.sub))));
  });

  router.post('/tasks/:taskId/assign', async (req, res) => {
    const { staff, task, ofHerDistricts, lens } = await taskFor(req, store);
    requireRole(staff, ['supervisor'], 'assigning a task');
    if (!ofHerDistricts) throw new DomainError('FORBIDDEN', "the task is another district's to do");
    const body = parseOr400(AssignTaskBody, req.body, 'request');
    const assignee = await store.staff.findById(body.assigneeId, { roles: 1, districts: 1, active: 1 }).lean();
    if (!assignee || assignee.active === false || !assignee.districts.includes(task.district) || !assignee.roles.some((r) => task.doneBy.includes(r))) {
      throw new DomainError('INVALID', 'invalid request', [{ path: 'assigneeId', message: `no ${task.doneBy.join('/')} of ${task.district} with this id` }]);
    }
    if (task.status !== 'open') throw new DomainError('CONFLICT', `the task is ${task.status}`);
    res.json(lens.task(toTaskView(await handOver(store, task, body.assigneeId, staff.sub))));
  });

  router.post('/tasks/:taskId/extend', async (req, res) => {
    const { staff, task, ofHerDistricts } = await taskFor(req, store);
    requireHolder(staff, task, ofHerDistricts);
    const body = parseOr400(ExtendTaskBody, req.body, 'request');
    res.json(await updateCase(temporal, task.caseId, extendTaskUpdate, { taskId: task._id, extendedBy: staff.sub, ...body }));
  });

  router.post('/tasks/:taskId/complete', async (req, res) => {
    const { staff, task, ofHerDistricts, lens } = await taskFor(req, store);
    const type = lens.taskType(task.type); // what the caller is told the task is
    requireRole(staff, task.doneBy as StaffClaims['roles'], `a ${type} task`);
    requireHolder(staff, task, ofHerDistricts);
    parseOr400(CompleteTaskBody, req.body, 'request');
    // The form as sent, not the record's copy: copying drops a "__proto__" key, which the strict form must refuse.
    // Risk factors in aliases become their codes; only the case's programme's are taken (as the caller sees them).
    const form = parseOr400(SentTaskForm(task.type, task.programme, lens.riskFactors), (req.body as { form: unknown }).form, `${type} form`);
    // The facility is told why, as a code from the closed list: a rejection must give one.
    if (task.type === 'referral-review' && (form as TaskForm<'referral-review'>).decision === 'reject' && !(form as TaskForm<'referral-review'>).reasonCode) {
      throw new DomainError('INVALID', 'invalid referral-review form', [{ path: 'reasonCode', message: `a rejection names its reason: ${ReferralRejectionReason.options.join(', ')}` }]);
    }
    if (task.type === 'conference-input' && task.conferenceId) {
      // A participant's input is the conference's to take, like POST /conferences/{id}/input.
      const input = form as TaskForm<'conference-input'>;
      const answer = await updateWorkflow(temporal, conferenceWorkflowId(task.conferenceId as ConferenceId), submitConferenceInputUpdate, { ...input, requestedBy: staff.sub }, 'conference');
      return void res.json({ taskId: task._id, status: 'completed', conference: answer });
    }
    // The workflow's validator is the authority on the task's state: it rejects a closed task before
    // anything is written, including when two completions race each other.
    res.json(await updateCase(temporal, task.caseId, completeTaskUpdate, { taskId: task._id, completedBy: staff.sub, roles: staff.roles, form }));
  });

  return router;
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
async function taskFor(req: import('express').Request, store: Store) {
  const staff = staffOf(req);
  const { taskId } = parseOr400(TaskParams, req.params, 'task id');
  const task = await store.tasks.findById(taskId).lean();
  if (!task) throw notFound('task');
  // Authorisation follows the case where it is now: after a transfer the sending district keeps nothing.
  const { district: caseDistrict, consent } = await caseNow(store, task.caseId, task.district);
  const seesIt = worksCases(staff) && (staff.districts.includes(caseDistrict) || (task.status === 'open' && staff.districts.includes(task.district)));
  if (task.assigneeId !== staff.sub && !seesIt) throw notFound('task');
  // The work is the task's district's: a transfer's acceptance is the receiving district's, not the sender's.
  return { staff, task, ofHerDistricts: seesIt && staff.districts.includes(task.district), lens: lensFor(staff, caseDistrict, consent) };
}

/** An action item's text, from its conference's decisions: the owner reads what she is to do. */
async function actionOf(store: Store, task: TaskDoc): Promise<{ action?: string }> {
  if (task.type !== 'action-item' || !task.conferenceId) return {};
  const conference = await store.conferences.findById(task.conferenceId, { decisions: 1 }).lean();
  const items = (conference?.decisions as { actionItems?: Array<{ action: string; ownerId: string; dueAt: string }> } | null)?.actionItems ?? [];
  const mine = items.find((a) => a.ownerId === task.assigneeId && Date.parse(a.dueAt) === task.dueAt.getTime()) ?? items.find((a) => a.ownerId === task.assigneeId);
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
  };
}
