// The reactions of runs begun before patch `one-inbox`, word for word as they were (before the algorithm
// became a table): their histories replay only if each reaction awaits as many times as it did, since a
// handler of theirs may be doing its own work in the same workflow task. Delete with the patch (README:
// "Retiring a patch").
import { after, contactInterval, followUpCalendar } from '@continuum/domain/rules';
import type { FamilyEventSignal, TaskForm } from '@continuum/domain';
import { activities, type CaseContext, type InboxItem } from './case-context';
import { accept, requestTransfer } from './steps';
import { convene, onMissedContact, scheduleReview } from './conferences';

/** What the algorithm does once a task is done: the programme's next step. */
export async function onTaskCompletedV4(c: CaseContext, item: Extract<InboxItem, { kind: 'task-completed' }>): Promise<void> {
  const { task, by } = item;
  const s = c.state;
  c.forgetTask(task.taskId);
  if (s.stage === 'closed') return; // completed while the case was being closed: nothing follows
  switch (task.type) {
    case 'referral-review': {
      const form = item.form as TaskForm<'referral-review'>;
      if (form.decision === 'reject') return c.close('referral-rejected', form.reason);
      return accept(c);
    }
    case 'first-contact': {
      const form = item.form as TaskForm<'first-contact'>;
      s.firstContactAttempts += 1;
      if (form.outcome === 'refused') return void (await c.proposeClosure('refused', by));
      if (form.outcome === 'not-reached') {
        if (s.firstContactAttempts >= c.policy.firstContact.maxAttempts) return void (await c.proposeClosure('lost-to-follow-up', null));
        return void (await c.openTask('first-contact', { urgent: s.risk.level === 'urgent' }));
      }
      await activities.setReferralStatus({ ...c.ref, ...c.keyed('referral'), status: 'in-progress' });
      return c.moveTo('needs-assessment');
    }
    case 'needs-assessment': {
      if (await c.screen((item.form as TaskForm<'needs-assessment'>).riskFactors)) await convene(c, 'risk-high');
      return c.moveTo('support-planning');
    }
    case 'support-plan':
      return void (await c.openTask('plan-approval'));
    case 'plan-approval': {
      if ((item.form as TaskForm<'plan-approval'>).decision === 'return') return void (await c.openTask('support-plan'));
      startFollowUp(c);
      scheduleReview(c);
      return c.moveTo('follow-up');
    }
    case 'contact':
      if (s.followUpStartedAt) s.next.contactAt = after(c.now(), contactInterval(c.policy, new Date(s.followUpStartedAt), c.now())).toISOString();
      if ((item.form as TaskForm<'contact'>).outcome === 'reached') {
        if (s.conference) s.conference.missedContacts = 0;
      } else if (!task.escalated) {
        await onMissedContact(c); // an overdue one was counted when it was escalated
      }
      return;
    case 'reassessment':
      if (await c.screen((item.form as TaskForm<'reassessment'>).riskFactors)) await convene(c, 'risk-high');
      s.next.reassessmentAt = after(c.now(), c.policy.reassessmentEvery).toISOString();
      c.checkpointRequested = true; // a natural point to start a fresh history
      return;
    case 'supervision-review':
    case 'case-review': {
      const form = item.form as TaskForm<'case-review'>;
      if (task.type === 'supervision-review') s.next.supervisionAt = after(c.now(), c.policy.supervisionEvery).toISOString();
      if (form.decision === 'propose-closure' && form.proposedOutcome) await c.proposeClosure(form.proposedOutcome, by);
      return;
    }
    case 'infant-test':
    case 'action-item':
    case 'conference-input': // completed through its conference, never through the case
      return;
    case 'closure-approval': {
      const proposal = s.pendingClosure;
      s.pendingClosure = null;
      if ((item.form as TaskForm<'closure-approval'>).decision === 'approve' && proposal) return c.close(proposal.outcome);
      return;
    }
    case 'transfer-acceptance': {
      const transfer = s.pendingTransfer;
      s.pendingTransfer = null;
      if ((item.form as TaskForm<'transfer-acceptance'>).decision === 'accept' && transfer) await c.changeDistrict(transfer.toDistrict);
      return;
    }
  }
}

function startFollowUp(c: CaseContext): void {
  const now = c.now();
  const s = c.state;
  s.followUpStartedAt = now.toISOString();
  Object.assign(s.next, followUpCalendar(c.policy, now));
}

/** What a family event changes. Every event is recorded; a repeated report (same id) is ignored. */
export async function onFamilyEventV4(c: CaseContext, signal: FamilyEventSignal): Promise<void> {
  const s = c.state;
  if (s.reportsSeen.includes(signal.reportId)) return;
  s.reportsSeen = [...s.reportsSeen.slice(-199), signal.reportId];
  const { event } = signal;
  await activities.recordFamilyEvent({ ...c.ref, ...c.keyed('family-event'), reportId: signal.reportId, reportedBy: signal.reportedBy, event });
  if (s.stage === 'closed') return;
  const child = 'childIndex' in event && event.childIndex !== undefined ? s.children.find((ch) => ch.index === event.childIndex) : undefined;
  switch (event.type) {
    case 'intent-to-abandon':
      // The urgent path at once: urgent risk, and a visit within the urgent deadline.
      await c.screen([...s.risk.factors, 'intent-to-abandon']);
      await convene(c, 'intent-to-abandon', { urgent: true });
      await c.openTask('contact', { urgent: true, subject: 'urgent-visit' });
      return;
    case 'consent-withdrawn':
      s.disclosureAllowed = false; // the casework service stops disclosure when the report arrives
      return;
    case 'child-hiv-test-result':
      if (child) child.hivResult = event.result;
      if (event.result === 'positive') {
        await c.openTask('case-review', { subject: 'child-test-result' }); // neutral: task lists are not disclosure-checked
        await convene(c, 'child-hiv-positive');
      }
      return;
    case 'child-placed-in-care':
      if (child) child.placedInCare = true;
      await c.openTask('case-review', { subject: 'child-placed-in-care' });
      await convene(c, 'child-placed-in-care');
      return;
    case 'death':
      if (event.who === 'mother') return void (await c.proposeClosure('died', signal.reportedBy));
      if (child) child.died = true;
      await c.openTask('case-review', { subject: 'child-died' });
      return;
    case 'moved':
      if (!event.toDistrict) return void (await c.proposeClosure('moved-away', signal.reportedBy));
      if (event.toDistrict !== s.district && !s.pendingTransfer) await requestTransfer(c, event.toDistrict, signal.reportedBy);
      return;
    case 'hospital-stay':
      return;
  }
}
