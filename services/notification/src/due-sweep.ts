import { neutralTaskType } from '@continuum/domain';
import type { Logger } from '@continuum/log';
import type { Store } from '@continuum/store';
import type { Deliver } from './deliver';
import { staffRecipient, type Notice } from './notice';

/**
 * Deadlines are not events: every few seconds the open tasks that have an assignee and are due soon or
 * overdue are read, and each gets one notice per deadline (the source id holds the due date, so an extended
 * deadline is told again). Conference inputs have their own reminders.
 */
export function startDueSweep(store: Store, deliver: Deliver, opts: { everySeconds: number; dueSoonHours: number }, log: Logger) {
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  async function sweep(): Promise<void> {
    const now = Date.now();
    const tasks = await store.tasks
      .find(
        { status: 'open', assigneeId: { $ne: null }, type: { $ne: 'conference-input' }, dueAt: { $lt: new Date(now + opts.dueSoonHours * 3600_000) } },
        { caseId: 1, type: 1, district: 1, assigneeId: 1, dueAt: 1 },
      )
      .sort({ dueAt: -1 })
      .limit(500)
      .lean();
    for (const task of tasks) {
      if (!running) return;
      const dueAt = task.dueAt.toISOString();
      const overdue = task.dueAt.getTime() < now;
      const notice: Notice = {
        sourceId: `${overdue ? 'overdue' : 'due-soon'}/${task._id}/${dueAt}`,
        kind: overdue ? 'task-overdue' : 'task-due-soon',
        recipient: staffRecipient(task.assigneeId!),
        caseId: task.caseId,
        district: task.district,
        facts: { taskType: neutralTaskType(task.type), dueAt }, // mail crosses servers we do not run: neutral codes only
      };
      await deliver(notice).catch((err: Error) =>
        log.warn({ sourceId: notice.sourceId, err: err.message }, 'deadline notice not delivered; next sweep retries'),
      );
    }
  }

  const loop = () => {
    if (!running) return;
    current = sweep()
      .catch((err: Error) => log.error({ err: err.message }, 'deadline sweep failed'))
      .finally(() => {
        if (running) timer = setTimeout(loop, opts.everySeconds * 1000);
      });
  };
  loop();
  return {
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
