import type { BusEvent } from '@continuum/bus';
import type { Store } from '@continuum/store';
import { facilityRecipient, staffRecipient, type Notice } from './notice';

/** The subjects the notification service listens to, by stream. */
export const CASE_EVENT_SUBJECTS = [
  'task.created',
  'task.escalated',
  'case.assigned',
  'case.break-glass',
  'task.handed-over',
  'case.handed-over',
  'conference.invited',
  'conference.reminder',
  'conference.quorum-failed',
] as const;
export const REFERRAL_SUBJECTS = ['referral.status-changed'] as const;
/** The referral statuses a facility is told of. */
const TOLD_TO_FACILITY = new Set(['accepted', 'rejected', 'completed']);

/** Who is to be told what about an event. Recipients come from MongoDB (the task's assignee, the district's supervisors). */
export async function noticesFor(event: BusEvent, store: Store): Promise<Notice[]> {
  const base = { sourceId: event.eventId, caseId: event.caseId, district: event.district };
  const supervisors = async () =>
    (
      await store.staff
        .find({ roles: 'supervisor', districts: event.district, active: { $ne: false } }, { _id: 1 })
        .sort({ _id: 1 })
        .lean()
    ).map((s) => staffRecipient(s._id));
  switch (event.type) {
    case 'task.created': {
      if (event.taskType === 'transfer-acceptance') {
        return (await supervisors()).map((recipient) => ({
          ...base,
          kind: 'transfer-requested',
          recipient,
          facts: { taskType: event.taskType, dueAt: event.dueAt },
        }));
      }
      if (event.taskType === 'conference-input') return []; // the invitation says it
      const task = await store.tasks.findById(event.taskId, { assigneeId: 1 }).lean();
      if (!task?.assigneeId) return []; // in the team's pool: nobody in particular to tell
      return [{ ...base, kind: 'task-assigned', recipient: staffRecipient(task.assigneeId), facts: { taskType: event.taskType, dueAt: event.dueAt } }];
    }
    case 'task.escalated':
      return (await supervisors()).map((recipient) => ({
        ...base,
        kind: 'task-escalated',
        recipient,
        facts: { taskType: event.taskType, dueAt: event.dueAt },
      }));
    case 'case.assigned':
      return [{ ...base, kind: 'case-assigned', recipient: staffRecipient(event.caseManager), facts: {} }];
    case 'case.break-glass':
      return (await supervisors()).map((recipient) => ({
        ...base,
        kind: 'break-glass',
        recipient,
        facts: { readBy: event.readBy, auditId: event.auditId, at: event.occurredAt },
      }));
    // A member left or is away: the new holder is told as of any task given to her, the supervisors of what moved where.
    case 'task.handed-over': {
      const facts = { taskType: event.taskType, from: event.from, to: event.to ?? '', why: event.why };
      const toHer = event.to ? [{ ...base, kind: 'task-assigned' as const, recipient: staffRecipient(event.to), facts: { taskType: event.taskType } }] : [];
      return [...toHer, ...(await supervisors()).map((recipient) => ({ ...base, kind: 'task-handed-over' as const, recipient, facts }))];
    }
    case 'case.handed-over':
      return (await supervisors()).map((recipient) => ({
        ...base,
        kind: 'case-handed-over',
        recipient,
        facts: { from: event.from, to: event.to ?? '', why: event.why },
      }));
    case 'conference.invited':
      return [
        {
          ...base,
          kind: 'conference-invitation',
          recipient: staffRecipient(event.participantId),
          facts: { conferenceId: event.conferenceId, discipline: event.discipline, dueAt: event.inputDueAt, urgent: String(event.urgent) },
        },
      ];
    case 'conference.reminder':
      return [
        {
          ...base,
          kind: 'conference-reminder',
          recipient: staffRecipient(event.participantId),
          facts: { conferenceId: event.conferenceId, dueAt: event.inputDueAt },
        },
      ];
    case 'conference.quorum-failed':
      return (await supervisors()).map((recipient) => ({
        ...base,
        kind: 'conference-quorum-failed',
        recipient,
        facts: { conferenceId: event.conferenceId, missing: event.missing.join(', '), rescheduled: String(event.rescheduled) },
      }));
    case 'referral.status-changed':
      if (!TOLD_TO_FACILITY.has(event.status)) return [];
      return [{ ...base, kind: 'referral-status', recipient: facilityRecipient(event.facilityId), facts: { status: event.status } }];
    default:
      return [];
  }
}
