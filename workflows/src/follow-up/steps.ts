import { after, contactInterval, followUpCalendar, infantTestsFrom, taskDueAt } from '@continuum/domain/rules';
import type { ChildState, CaseClosureOutcome, CaseTaskState, TaskForm } from '@continuum/domain';
import type { NamedStep, Step } from '@continuum/programmes';
import { activities, type CaseContext } from './case-context';
import { convene, onMissedContact, scheduleReview } from './conferences';

/** What a step is done for: a completed task's form, or a family event, and who completed or reported it. */
export interface StepContext {
  /** The form of the completed task, or the event. */
  answer: Readonly<Record<string, unknown>>;
  by: string | null;
  task?: CaseTaskState;
  /** The child an event is about. */
  child?: ChildState;
}

/** Takes the steps in order, as the programme's algorithm lists them. */
export async function takeSteps(c: CaseContext, steps: readonly Step[], x: StepContext): Promise<void> {
  for (const step of steps) await takeStep(c, step, x);
}

async function takeStep(c: CaseContext, step: Step, x: StepContext): Promise<void> {
  if (typeof step === 'string') return STEPS[step](c, x);
  const s = c.state;
  if ('open' in step) {
    const urgent = step.urgent === 'always' || (step.urgent === 'when the case is urgent' && s.risk.level === 'urgent');
    await c.openTask(step.open, { ...(step.urgent ? { urgent } : {}), ...(step.subject ? { subject: step.subject } : {}) });
  } else if ('moveTo' in step) await c.moveTo(step.moveTo);
  else if ('tellFacility' in step) await activities.setReferralStatus({ ...c.ref, ...c.keyed('referral'), status: step.tellFacility });
  else if ('close' in step) await c.close(step.close, x.answer.reason as string | undefined);
  else if ('proposeClosure' in step) await c.proposeClosure(step.proposeClosure, x.by);
  else if ('convene' in step) await convene(c, step.convene, step.urgent ? { urgent: true } : {});
  else if ('addRiskFactor' in step) await c.screen([...s.risk.factors, step.addRiskFactor]);
}

/** The named steps of the algorithm (packages/programmes/src/algorithm.ts says what each means). */
const STEPS: Record<NamedStep, (c: CaseContext, x: StepContext) => Promise<void> | void> = {
  'take the case on': accept,
  'count a first-contact attempt': (c) => void (c.state.firstContactAttempts += 1),
  'try first contact again': async (c) => {
    const s = c.state;
    if (s.firstContactAttempts >= c.policy.firstContact.maxAttempts) await c.proposeClosure('lost-to-follow-up', null);
    else await c.openTask('first-contact', { urgent: s.risk.level === 'urgent' });
  },
  'screen the risk factors': async (c, x) => {
    if (await c.screen((x.answer as TaskForm<'needs-assessment'>).riskFactors)) await convene(c, 'risk-high');
  },
  'start long-term follow-up': (c) => {
    const now = c.now();
    c.state.followUpStartedAt = now.toISOString();
    Object.assign(c.state.next, followUpCalendar(c.policy, now));
    scheduleReview(c);
  },
  'schedule the next contact': (c) => {
    const s = c.state;
    if (s.followUpStartedAt) s.next.contactAt = after(c.now(), contactInterval(c.policy, new Date(s.followUpStartedAt), c.now())).toISOString();
  },
  'schedule the next reassessment': (c) => {
    c.state.next.reassessmentAt = after(c.now(), c.policy.reassessmentEvery).toISOString();
    c.checkpointRequested = true; // a natural point to start a fresh history
  },
  'schedule the next supervision': (c) => void (c.state.next.supervisionAt = after(c.now(), c.policy.supervisionEvery).toISOString()),
  'the family was reached': (c) => {
    if (c.state.conference) c.state.conference.missedContacts = 0;
  },
  'count a missed contact': async (c, x) => {
    if (!x.task?.escalated) await onMissedContact(c); // an overdue one was counted when it was escalated
  },
  'propose the closure the review proposes': async (c, x) => {
    const proposed = (x.answer as TaskForm<'case-review'>).proposedOutcome;
    if (proposed) await c.proposeClosure(proposed, x.by);
  },
  'close as proposed': async (c) => {
    const proposal = c.state.pendingClosure;
    c.state.pendingClosure = null;
    if (proposal) await c.close(proposal.outcome);
  },
  'drop the closure proposal': (c) => void (c.state.pendingClosure = null),
  'move the case to the district asked': async (c) => {
    const transfer = c.state.pendingTransfer;
    c.state.pendingTransfer = null;
    if (transfer) await c.changeDistrict(transfer.toDistrict);
  },
  'drop the transfer request': (c) => void (c.state.pendingTransfer = null),
  'stop disclosure': (c) => void (c.state.disclosureAllowed = false), // the casework service stops it when the report arrives
  "record the child's HIV result": (_c, x) => {
    if (x.child) x.child.hivResult = x.answer.result as ChildState['hivResult'];
  },
  'note the child placed in care': (_c, x) => void (x.child && (x.child.placedInCare = true)),
  'note the child died': (_c, x) => void (x.child && (x.child.died = true)),
  'follow the family where it moved': async (c, x) => {
    const toDistrict = x.answer.toDistrict as string | undefined;
    if (!toDistrict) return void (await c.proposeClosure('moved-away' satisfies CaseClosureOutcome, x.by));
    if (toDistrict !== c.state.district && !c.state.pendingTransfer) await requestTransfer(c, toDistrict, x.by ?? 'system');
  },
};

/** The district service takes the case: a case manager, the referral's status, the first contact. */
export async function accept(c: CaseContext): Promise<void> {
  const s = c.state;
  s.acceptedAt = c.now().toISOString();
  await activities.setReferralStatus({ ...c.ref, ...c.keyed('referral'), status: 'accepted' });
  s.caseManager = await activities.assignCaseManager({ ...c.ref, ...c.keyed('assigned'), replace: false });
  const referredAt = new Date(c.input.referredAt);
  s.next.milestones = s.children.some((ch) => ch.hivExposed) ? infantTestsFrom(c.policy, referredAt) : [];
  const urgent = s.risk.level === 'urgent';
  await c.moveTo('first-contact');
  await c.openTask('first-contact', { urgent, dueAt: taskDueAt(c.template('first-contact'), referredAt, urgent) });
}

export async function requestTransfer(c: CaseContext, toDistrict: string, requestedBy: string, reason?: string) {
  c.state.pendingTransfer = { toDistrict, requestedBy };
  return c.openTask('transfer-acceptance', { district: toDistrict, subject: toDistrict, ...(reason ? { request: { by: requestedBy, reason } } : {}) });
}
