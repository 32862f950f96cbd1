import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { caseWorkflowId, CompleteTaskBody, DomainError, TaskForms, TaskId, TaskStatus, type TaskView } from '@continuum/domain';
import { parseOr400, staffOf } from '@continuum/http';
import type { Store, TaskDoc } from '@continuum/store';
import { completeTaskUpdate } from '@continuum/workflows';
import { domainErrorFromUpdate } from './update-errors';

const TaskListQuery = z.strictObject({
  status: TaskStatus.default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/** The caseworker's task API: list the tasks of her districts, complete one with its form. */
export function taskRoutes(store: Store, temporal: Client): Router {
  const router = Router();

  router.get('/tasks', async (req, res) => {
    const staff = staffOf(req);
    const query = parseOr400(TaskListQuery, req.query, 'query');
    const docs = await store.tasks
      .find({ district: { $in: staff.districts }, status: query.status })
      .sort({ dueAt: 1, _id: 1 })
      .skip(query.offset)
      .limit(query.limit)
      .lean();
    res.json({ tasks: docs.map(toView), limit: query.limit, offset: query.offset });
  });

  router.post('/tasks/:taskId/complete', async (req, res) => {
    const staff = staffOf(req);
    const taskId = parseOr400(TaskId, req.params.taskId, 'task id');
    const body = parseOr400(CompleteTaskBody, req.body, 'request');
    const task = await store.tasks.findById(taskId, { form: 0 }).lean();
    if (!task) throw new DomainError('NOT_FOUND', 'no such task');
    if (!staff.districts.includes(task.district)) throw new DomainError('FORBIDDEN', 'the task belongs to another district');
    const form = parseOr400(TaskForms[task.type], body.form, `${task.type} form`);

    // The workflow's validator is the authority on the task's state: it rejects a closed task before
    // anything is written, including when two completions race each other.
    const handle = temporal.workflow.getHandle(caseWorkflowId(task.caseId));
    const result = await handle
      .executeUpdate(completeTaskUpdate, { args: [{ taskId, completedBy: staff.sub, form }] })
      .catch((err: unknown) => {
        throw domainErrorFromUpdate(err);
      });
    res.json(result);
  });

  return router;
}

function toView(doc: TaskDoc & { _id: string }): TaskView {
  return {
    taskId: doc._id,
    caseId: doc.caseId,
    type: doc.type,
    status: doc.status,
    district: doc.district,
    programme: doc.programme,
    assigneeId: doc.assigneeId ?? null,
    dueAt: doc.dueAt.toISOString(),
    createdAt: doc.createdAt.toISOString(),
    completedAt: doc.completedAt ? doc.completedAt.toISOString() : null,
  };
}
