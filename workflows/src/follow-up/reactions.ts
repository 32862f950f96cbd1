import type { FamilyEventSignal } from '@continuum/domain';
import { stepsOf } from '@continuum/programmes';
import { activities, type CaseContext, type InboxItem } from './case-context';
import { takeSteps } from './steps';

/** What the algorithm does once a task is done: the steps its programme's algorithm lists for the outcome. */
export async function onTaskCompleted(c: CaseContext, item: Extract<InboxItem, { kind: 'task-completed' }>): Promise<void> {
  const { task, form, by } = item;
  c.forgetTask(task.taskId);
  if (c.state.stage === 'closed') return; // completed while the case was being closed: nothing follows
  await takeSteps(c, stepsOf(c.algorithm.tasks[task.type], form), { answer: form, by, task });
}

/** What a family event changes. Every event is recorded; a repeated report (same id) is ignored. */
export async function onFamilyEvent(c: CaseContext, signal: FamilyEventSignal): Promise<void> {
  const s = c.state;
  if (s.reportsSeen.includes(signal.reportId)) return;
  s.reportsSeen = [...s.reportsSeen.slice(-199), signal.reportId];
  const { event } = signal;
  await activities.recordFamilyEvent({ ...c.ref, ...c.keyed('family-event'), reportId: signal.reportId, reportedBy: signal.reportedBy, event });
  if (s.stage === 'closed') return;
  const child = 'childIndex' in event && event.childIndex !== undefined ? s.children.find((ch) => ch.index === event.childIndex) : undefined;
  const reaction = c.algorithm.familyEvents[event.type];
  await takeSteps(c, stepsOf(reaction, event), { answer: event, by: signal.reportedBy, ...(child ? { child } : {}) });
}
