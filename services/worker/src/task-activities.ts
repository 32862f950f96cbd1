import { ApplicationFailure } from '@temporalio/activity';
import { eventIdFor, neutralTaskType, TaskForms } from '@continuum/domain';
import { publishEvent, type Bus } from '@continuum/bus';
import type { CaseVault, Store } from '@continuum/store';
import type { CaseActivities } from '@continuum/workflows/case-activities';
import { writeHistoryOnce } from './case-history';
import { envelope } from './envelope';
import { probableDuplicateOf } from './duplicates';

type TaskActivities = Pick<CaseActivities, 'createTask' | 'closeTask' | 'cancelTasks' | 'escalateTask' | 'extendTask'>;

/** The activities that write a case's human tasks. Task events carry the task id as their key. */
export function taskActivities(store: Store, bus: Bus, vault: CaseVault): TaskActivities {
  return {
    async createTask(input) {
      const district = input.taskDistrict ?? input.district;
      const doneBy = input.doneBy ?? ['caseworker'];
      // A caseworker's task goes to the case manager; a supervisor's stays in the team's pool. Tasks of the
      // first version were created unassigned.
      let assigneeId: string | null = input.assigneeId ?? null;
      if (!assigneeId && input.doneBy && doneBy.includes('caseworker') && district === input.district) {
        assigneeId = (await store.cases.findById(input.caseId, { caseManager: 1 }).lean())?.caseManager ?? null;
      }
      // A referral's review says whether the same mother probably has an open case already: the supervisor
      // merges the referral into it, or keeps both.
      const duplicateOf = input.type === 'referral-review' ? await probableDuplicateOf(store, vault, input.caseId, district) : null;
      await store.tasks.updateOne(
        { _id: input.taskId },
        {
          $setOnInsert: {
            caseId: input.caseId,
            type: input.type,
            status: 'open',
            district,
            programme: input.programme,
            doneBy,
            assigneeId,
            priority: input.priority ?? 1,
            subject: input.subject ?? null,
            conferenceId: input.conferenceId ?? null,
            probableDuplicateOf: duplicateOf,
            dueAt: new Date(input.dueAt),
            createdAt: new Date(input.at),
            completedAt: null,
            completedBy: null,
            form: null,
          },
        },
        { upsert: true },
      );
      // A transfer or closure asked for by someone: who, and why, in the case history (once, whatever the retries).
      if (input.request) {
        await writeHistoryOnce(store, vault, `${input.taskId}/requested`, {
          caseId: input.caseId,
          at: input.at,
          type: input.type === 'transfer-acceptance' ? 'transfer-requested' : 'closure-proposed',
          by: input.request.by,
          details: { taskId: input.taskId, subject: input.subject ?? null, reason: input.request.reason },
        });
      }
      await publishEvent(bus.js, {
        type: 'task.created',
        ...envelope({ ...input, district }, eventIdFor(input.taskId, 'task.created'), input.at),
        taskId: input.taskId,
        taskType: neutralTaskType(input.type),
        dueAt: input.dueAt,
      });
    },

    async closeTask(input) {
      // What staff wrote in the form is sealed under the case's key; its codes stay in clear for the reports.
      const form = await vault.sealWithin(input.caseId, TaskForms[input.type], input.form);
      // One call in the usual case: the write answers with the task (atomic on the store, see its contract;
      // FerretDB takes no projection in a findAndModify).
      const task =
        (await store.tasks
          .findOneAndUpdate(
            { _id: input.taskId, status: 'open' },
            { $set: { status: 'completed', completedAt: new Date(input.at), completedBy: input.completedBy, form } },
            { returnDocument: 'after' },
          )
          .lean()) ?? (await store.tasks.findById(input.taskId, { status: 1, district: 1 }).lean());
      // A retry after a write that succeeded finds it completed: that is success, not a conflict.
      if (task?.status !== 'completed') {
        throw ApplicationFailure.nonRetryable(`task ${input.taskId} is ${task?.status ?? 'missing'}`, 'CONFLICT');
      }
      // A referral merged into the case the family has: that case's history keeps that it was referred again.
      const mergeInto = input.type === 'referral-review' ? (input.form as { mergeInto?: string }).mergeInto : undefined;
      if (mergeInto) {
        await writeHistoryOnce(store, vault, `${mergeInto}/merged-${input.caseId}`, {
          caseId: mergeInto,
          at: input.at,
          type: 'referral-merged',
          by: input.completedBy,
          details: { fromCase: input.caseId },
        });
      }
      await publishEvent(bus.js, {
        type: 'task.completed',
        ...envelope({ ...input, district: task?.district ?? input.district }, eventIdFor(input.taskId, 'task.completed'), input.at),
        taskId: input.taskId,
        taskType: neutralTaskType(input.type),
      });
    },

    async cancelTasks(input) {
      await store.tasks.updateMany({ _id: { $in: input.taskIds }, status: 'open' }, { $set: { status: 'cancelled', completedAt: new Date(input.at) } });
      const tasks = await store.tasks.find({ _id: { $in: input.taskIds } }, { type: 1, district: 1 }).lean();
      for (const task of tasks) {
        await publishEvent(bus.js, {
          type: 'task.cancelled',
          ...envelope({ ...input, district: task.district }, eventIdFor(task._id, 'task.cancelled'), input.at),
          taskId: task._id,
          taskType: neutralTaskType(task.type),
        });
      }
    },

    async escalateTask(input) {
      await store.tasks.updateOne({ _id: input.taskId, status: 'open', escalatedAt: null }, { $set: { escalatedAt: new Date(input.at) } });
      const task = await store.tasks.findById(input.taskId, { district: 1 }).lean();
      await publishEvent(bus.js, {
        type: 'task.escalated',
        ...envelope({ ...input, district: task?.district ?? input.district }, eventIdFor(input.caseId, input.eventKey), input.at),
        taskId: input.taskId,
        taskType: neutralTaskType(input.type),
        dueAt: input.dueAt,
      });
    },

    async extendTask(input) {
      const reason = await vault.seal(input.caseId, input.reason);
      // Conditional on the old deadline: a retry finds it moved already and adds no second entry.
      await store.tasks.updateOne(
        { _id: input.taskId, dueAt: new Date(input.fromDueAt) },
        {
          $set: { dueAt: new Date(input.dueAt), escalatedAt: null },
          $push: {
            extensions: { from: new Date(input.fromDueAt), to: new Date(input.dueAt), reason, by: input.extendedBy, at: new Date(input.at) },
          },
        },
      );
    },
  };
}
