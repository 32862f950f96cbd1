import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { caseWorkflowId, neutralTaskType, SYSTEM_ACTOR, type RecordAudit, type StaffRole } from '@continuum/domain';
import { publishEvent, type Bus } from '@continuum/bus';
import type { CaseVault, Store } from '@continuum/store';
import { forCase } from '@continuum/temporal';
import { reassignCaseUpdate } from '@continuum/workflows/messages';
import { STAFF_HANDOVER_SCHEDULE, type HandoverActivities, type HandoverResult } from '@continuum/workflows/staff-handover';
import { writeHistoryOnce } from './case-history';
import { absencesOn, OPEN_STAGES, pickCaseManager, type Absence } from './workload';

/** An absence this long or longer (in days, both ends counted) hands her work over; a shorter one waits for her. */
export const LONG_ABSENCE_DAYS = 3;

type Member = { _id: string; roles: string[]; districts: string[]; active?: boolean; absences?: Absence[]; delegate?: string | null };

const days = (a: Absence) => Math.round((Date.parse(a.to) - Date.parse(a.from)) / 86_400_000) + 1;
/** Away that day on an absence long enough to hand her work over. */
const isAway = (m: Member, day: string) => absencesOn(m, day).some((a) => days(a) >= LONG_ABSENCE_DAYS);
/** At work on the day: active and not away. */
const present = (m: Member | null, day: string): m is Member => !!m && m.active !== false && absencesOn(m, day).length === 0;

/**
 * Staff over time: a member who left the service (`active: false`) or is on a long absence keeps no open work.
 * Her cases get a new manager (her delegate when she is a caseworker of the case's district and at work, else
 * whoever the district's workload picks), through the case workflow's own reassignment, so the case history
 * keeps who and why; her other open tasks go to the delegate when she may do them, else to the team's pool.
 * The supervisors of each district are told of every move, and of every case nobody was free to take; each
 * move is in the audit trail, by `continuum`.
 * Idempotent: what has moved is no longer hers, and the events' ids are the day's.
 */
export function handoverActivities(store: Store, bus: Bus, temporal: Client, audit: RecordAudit, vault: CaseVault): HandoverActivities {
  const fields = { roles: 1, districts: 1, active: 1, absences: 1, delegate: 1 };
  return {
    async staffToHandOver({ day }) {
      const members = (await store.staff.find({}, fields).sort({ _id: 1 }).lean()) as Member[];
      const out: Awaited<ReturnType<HandoverActivities['staffToHandOver']>> = [];
      for (const m of members) {
        const why = m.active === false ? 'left' : isAway(m, day) ? 'away' : null;
        if (!why) continue;
        const hasWork =
          (await store.tasks.exists({ assigneeId: m._id, status: 'open' })) || (await store.cases.exists({ caseManager: m._id, stage: { $in: OPEN_STAGES } }));
        if (hasWork) out.push({ staffId: m._id, why });
      }
      return out;
    },

    async handOverWork({ staffId, why, at }) {
      const day = at.slice(0, 10);
      const member = (await store.staff.findById(staffId, fields).lean()) as Member | null;
      const found = member?.delegate ? ((await store.staff.findById(member.delegate, fields).lean()) as Member | null) : null;
      const delegate = present(found, day) ? found : null;
      const reason = why === 'left' ? `${staffId} has left the service` : `${staffId} is away`;
      const result: HandoverResult = { staffId, why, cases: 0, casesWithoutManager: 0, tasksToDelegate: 0, tasksToPool: 0 };
      const told = (key: string) => `${key}/handed-over/${staffId}/${day}`;

      for (const c of await store.cases.find({ caseManager: staffId, stage: { $in: OPEN_STAGES } }, { district: 1 }).lean()) {
        const to =
          delegate?.roles.includes('caseworker') && delegate.districts.includes(c.district) ? delegate._id : await pickCaseManager(store, c.district, day);
        if (to) {
          try {
            await forCase(c._id, () =>
              temporal.workflow
                .getHandle(caseWorkflowId(c._id))
                .executeUpdate(reassignCaseUpdate, { args: [{ assigneeId: to, reason, requestedBy: SYSTEM_ACTOR }] }),
            );
          } catch (err) {
            // A case whose workflow is gone or closed is not hers to hand over any more.
            if (err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError) continue;
            throw err;
          }
          result.cases += 1;
          await audit({
            entryId: told(c._id),
            actor: SYSTEM_ACTOR,
            action: 'hand-over-case',
            caseId: c._id,
            district: c.district,
            reason,
            details: { from: staffId, to },
          });
        } else result.casesWithoutManager += 1;
        await publishEvent(bus.js, {
          type: 'case.handed-over',
          eventId: told(c._id),
          occurredAt: at,
          caseId: c._id,
          district: c.district,
          from: staffId,
          to,
          why,
        });
      }

      // What is still hers: a conference's input or action item, a task of another district, one given to her by hand.
      for (const task of await store.tasks.find({ assigneeId: staffId, status: 'open' }, { caseId: 1, district: 1, doneBy: 1, type: 1 }).lean()) {
        const to =
          delegate && delegate.districts.includes(task.district) && delegate.roles.some((r) => task.doneBy.includes(r as StaffRole)) ? delegate._id : null;
        const moved = await store.tasks.updateOne({ _id: task._id, assigneeId: staffId, status: 'open' }, { $set: { assigneeId: to }, $inc: { handovers: 1 } });
        if (moved.modifiedCount === 0) continue; // someone took it a moment ago
        if (to) result.tasksToDelegate += 1;
        else result.tasksToPool += 1;
        await writeHistoryOnce(store, vault, `${task.caseId}/${told(task._id)}`, {
          caseId: task.caseId,
          at,
          type: 'task-handed-over',
          by: SYSTEM_ACTOR,
          details: { taskId: task._id, from: staffId, to, reason },
        });
        await audit({
          entryId: told(task._id),
          actor: SYSTEM_ACTOR,
          action: 'hand-over-task',
          caseId: task.caseId,
          district: task.district,
          reason,
          details: { taskId: task._id, from: staffId, to },
        });
        await publishEvent(bus.js, {
          type: 'task.handed-over',
          eventId: told(task._id),
          occurredAt: at,
          caseId: task.caseId,
          district: task.district,
          taskId: task._id,
          taskType: neutralTaskType(task.type),
          from: staffId,
          to,
          why,
        });
      }
      return result;
    },
  };
}

/** The schedule of the handover sweep, created once (a changed interval is set in the Temporal Web UI or with its CLI). */
export async function ensureHandoverSchedule(temporal: Client, taskQueue: string, everyMinutes: number): Promise<void> {
  try {
    await temporal.schedule.create({
      scheduleId: STAFF_HANDOVER_SCHEDULE,
      spec: { intervals: [{ every: `${everyMinutes} minutes` }] },
      action: { type: 'startWorkflow', workflowType: 'staffHandover', workflowId: STAFF_HANDOVER_SCHEDULE, taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
