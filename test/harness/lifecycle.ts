import type { CaseStatus } from '@continuum/domain';
import { caseStatusQuery } from '@continuum/workflows';
import { casework } from './casework';
import { FORMS } from './forms';
import { eventually, type OpenTestSystem } from './system';

/**
 * Drives a case of a training district (drill policy: seconds) from referral to the first reassessment,
 * where it continues as new. Shared by the lifecycle tests and the history recorder.
 */
export async function driveToReassessment(t: OpenTestSystem, referral: Record<string, unknown>, staff: { supervisor: string }) {
  const cw = casework(t);
  const caseId = await cw.referAndAccept(referral, staff.supervisor);
  const manager = await eventually(async () => (await t.store.cases.findById(caseId).lean())?.caseManager ?? undefined, 'a case manager');
  const handle = t.temporal.workflow.getHandle(`case-follow-up:${caseId}`);
  const firstRunId = (await handle.describe()).runId;

  // Due 4 s after the referral and escalated 2 s later: an overdue task reaches the supervisors.
  const firstContact = await cw.openTask(caseId, 'first-contact');
  const escalated = await eventually(
    async () => (await t.store.tasks.findById(firstContact._id).lean())?.escalatedAt ?? undefined,
    'the overdue first contact escalated',
    20_000,
  );
  await cw.completeNext(caseId, 'first-contact', manager, FORMS.firstContact);
  await cw.completeNext(caseId, 'needs-assessment', manager, FORMS.needs(['single-mother', 'no-housing', 'no-identity-papers']));
  await cw.completeNext(caseId, 'support-plan', manager, FORMS.plan);
  await cw.completeNext(caseId, 'plan-approval', staff.supervisor, FORMS.approve);
  await eventually(async () => (await t.store.cases.findById(caseId).lean())?.stage === 'follow-up', 'follow-up');
  await cw.completeNext(caseId, 'contact', manager, FORMS.contact);
  await cw.completeNext(caseId, 'reassessment', manager, FORMS.needs(['single-mother', 'no-housing']));
  // The reassessment is a checkpoint: the case continues as new, with its state.
  const secondRunId = await eventually(async () => {
    const runId = (await handle.describe()).runId;
    return runId !== firstRunId && runId;
  }, 'the case continued as new');
  return { caseId, manager, handle, firstRunId, secondRunId, escalatedAt: escalated };
}

/** Refers a family, has it accepted and drives it to follow-up: first contact, needs (no risk factors), plan, approval. */
export async function driveToFollowUp(t: OpenTestSystem, referral: Record<string, unknown>, staff: { supervisor: string }) {
  const cw = casework(t);
  const caseId = await cw.referAndAccept(referral, staff.supervisor);
  const manager = await eventually(async () => (await t.store.cases.findById(caseId).lean())?.caseManager ?? undefined, 'a case manager');
  await cw.completeNext(caseId, 'first-contact', manager, FORMS.firstContact);
  await cw.completeNext(caseId, 'needs-assessment', manager, FORMS.needs([]));
  await cw.completeNext(caseId, 'support-plan', manager, FORMS.plan);
  await cw.completeNext(caseId, 'plan-approval', staff.supervisor, FORMS.approve);
  return { caseId, manager };
}

export const statusOf = (t: OpenTestSystem, caseId: string): Promise<CaseStatus> =>
  t.temporal.workflow.getHandle(`case-follow-up:${caseId}`).query(caseStatusQuery);
