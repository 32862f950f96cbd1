import { ApplicationFailure } from '@temporalio/activity';
import { eventIdFor } from '@continuum/domain';
import { publishEvent, type Bus } from '@continuum/bus';
import type { Store } from '@continuum/store';
import type { CaseActivities } from '@continuum/workflows/case-activities';

/**
 * The case workflow's activities. Each is idempotent: documents are written with deterministic ids and
 * upserts, events with deterministic ids that JetStream de-duplicates, and times come from the workflow.
 */
export function createCaseActivities(store: Store, bus: Bus): CaseActivities {
  return {
    async openCase(input) {
      const referral = await store.referrals.findById(input.caseId).lean();
      if (!referral) throw ApplicationFailure.nonRetryable(`no referral stored for ${input.caseId}`, 'NOT_FOUND');
      const form = referral.form as { mother: unknown; children: unknown; consent?: unknown; riskFactors: unknown };
      await store.cases.updateOne(
        { _id: input.caseId },
        {
          $setOnInsert: {
            district: input.district,
            programme: input.programme,
            facilityId: input.facilityId,
            policyVersion: input.policyVersion,
            stage: 'intake',
            riskLevel: input.riskLevel,
            openedAt: new Date(input.at),
            family: { mother: form.mother, children: form.children, consent: form.consent ?? null, riskFactors: form.riskFactors },
          },
        },
        { upsert: true },
      );
      await store.referrals.updateOne({ _id: input.caseId, status: 'requested' }, { $set: { status: 'in-progress' } });
      await publishEvent(bus.js, {
        type: 'case.opened',
        eventId: eventIdFor(input.caseId, 'case.opened'),
        occurredAt: input.at,
        caseId: input.caseId,
        district: input.district,
        programme: input.programme,
        facilityId: input.facilityId,
        policyVersion: input.policyVersion,
        riskLevel: input.riskLevel,
      });
    },

    async recordStage(input) {
      await store.cases.updateOne({ _id: input.caseId }, { $set: { stage: input.stage } });
      await publishEvent(bus.js, {
        type: 'case.stage-changed',
        eventId: eventIdFor(input.caseId, `stage-${input.change}`),
        occurredAt: input.at,
        caseId: input.caseId,
        district: input.district,
        programme: input.programme,
        stage: input.stage,
      });
    },

    async createTask(input) {
      await store.tasks.updateOne(
        { _id: input.taskId },
        {
          $setOnInsert: {
            caseId: input.caseId,
            type: input.type,
            status: 'open',
            district: input.district,
            programme: input.programme,
            assigneeId: null,
            dueAt: new Date(input.dueAt),
            createdAt: new Date(input.at),
            completedAt: null,
            completedBy: null,
            form: null,
          },
        },
        { upsert: true },
      );
      await publishEvent(bus.js, {
        type: 'task.created',
        eventId: eventIdFor(input.taskId, 'task.created'),
        occurredAt: input.at,
        caseId: input.caseId,
        district: input.district,
        programme: input.programme,
        taskId: input.taskId,
        taskType: input.type,
        dueAt: input.dueAt,
      });
    },

    async closeTask(input) {
      const closed = await store.tasks.updateOne(
        { _id: input.taskId, status: 'open' },
        { $set: { status: 'completed', completedAt: new Date(input.at), completedBy: input.completedBy, form: input.form } },
      );
      if (closed.matchedCount === 0) {
        // A retry after a write that succeeded finds it completed: that is success, not a conflict.
        const task = await store.tasks.findById(input.taskId, { status: 1 }).lean();
        if (task?.status !== 'completed') {
          throw ApplicationFailure.nonRetryable(`task ${input.taskId} is ${task?.status ?? 'missing'}`, 'CONFLICT');
        }
      }
      await publishEvent(bus.js, {
        type: 'task.completed',
        eventId: eventIdFor(input.taskId, 'task.completed'),
        occurredAt: input.at,
        caseId: input.caseId,
        district: input.district,
        programme: input.programme,
        taskId: input.taskId,
        taskType: input.type,
      });
    },
  };
}
