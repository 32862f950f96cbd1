import { after } from '@continuum/domain/rules';
import { activities, type CaseContext } from './case-context';
import { convene, onMissedContact, scheduleReview } from './conferences';

/** Opens what the calendar asks for now: contacts, reassessments, supervision, infant tests, the end of follow-up. */
export async function runDueAgenda(c: CaseContext): Promise<void> {
  const s = c.state;
  const now = c.now().getTime();
  const due = (at: string | null) => at !== null && new Date(at).getTime() <= now;

  if (s.stage !== 'closed') {
    for (const milestone of s.next.milestones.filter((m) => due(m.at))) {
      s.next.milestones = s.next.milestones.filter((m) => m !== milestone);
      await c.openTask('infant-test', { subject: milestone.code });
    }
  }
  if (s.stage === 'follow-up') {
    if (due(s.next.contactAt) && c.openTasksOf('contact').length === 0) {
      s.next.contactAt = null; // the next one is scheduled when this one is done
      await c.openTask('contact');
    }
    if (due(s.next.reassessmentAt) && c.openTasksOf('reassessment').length === 0) {
      s.next.reassessmentAt = null;
      await c.openTask('reassessment');
    }
    if (due(s.next.supervisionAt) && c.openTasksOf('supervision-review').length === 0) {
      s.next.supervisionAt = null;
      await c.openTask('supervision-review');
    }
    if (due(s.conference?.nextReviewAt ?? null)) {
      s.conference!.nextReviewAt = null;
      scheduleReview(c); // the next one counts from this one
      await convene(c, 'scheduled-review');
    }
    if (due(s.next.followUpEndsAt)) {
      s.next.followUpEndsAt = null;
      await c.proposeClosure('completed-successfully', null);
    }
  }
  for (const task of s.openTasks.filter((t) => t.status === 'open' && !t.escalated && escalationAt(c, t.dueAt) <= now)) {
    task.escalated = true;
    await activities.escalateTask({ ...c.ref, ...c.keyed('escalated'), taskId: task.taskId, type: task.type, dueAt: task.dueAt });
    if (task.type === 'contact') await onMissedContact(c);
  }
}

/** Makes sure the stage has its work (the algorithm's `stages`): after a resume, a reopen or a returned plan there is always a next task. */
export async function ensureStageWork(c: CaseContext): Promise<void> {
  const s = c.state;
  if (s.acceptedAt !== null && s.caseManager === null && s.stage !== 'closed') {
    s.caseManager = await activities.assignCaseManager({ ...c.ref, ...c.keyed('assigned'), replace: false });
  }
  const work = c.algorithm.stages[s.stage];
  if (!work || [work.opens, ...(work.alsoDoneBy ?? [])].some((type) => c.openTasksOf(type).length > 0)) return;
  if (work.unlessClosureProposed && s.pendingClosure) return;
  await c.openTask(work.opens, work.urgent ? { urgent: s.risk.level === 'urgent' } : {});
}

/** The earliest moment the case must wake up by itself, or undefined when only a message can wake it. */
export function nextWakeAt(c: CaseContext): number | undefined {
  const s = c.state;
  const times: number[] = s.openTasks.filter((t) => t.status === 'open' && !t.escalated).map((t) => escalationAt(c, t.dueAt));
  if (s.stage === 'closed') {
    if (s.closedAt) times.push(after(new Date(s.closedAt), c.policy.closure.reopenWithin).getTime());
  } else {
    times.push(...s.next.milestones.map((m) => new Date(m.at).getTime()));
    if (s.stage === 'follow-up') {
      for (const at of [s.next.contactAt, s.next.reassessmentAt, s.next.supervisionAt, s.next.followUpEndsAt, s.conference?.nextReviewAt])
        if (at) times.push(new Date(at).getTime());
    }
  }
  return times.length ? Math.min(...times) : undefined;
}

const escalationAt = (c: CaseContext, dueAt: string): number => after(new Date(dueAt), c.policy.escalateAfter).getTime();
