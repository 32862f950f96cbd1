import { caseWorkflowId, conferenceWorkflowId } from '@continuum/domain';
import { eventually, http, type OpenTestSystem } from '../harness/system';
import { abandonmentReferral, FIRST_CONTACT_FORM, hivReferral } from '../harness/referrals';
import { driveToFollowUp, driveToReassessment } from '../harness/lifecycle';

export interface Scenario {
  /** The recorded file's name: the workflow code generation it was recorded with, then what it covers. */
  name: string;
  /** Drives one case and returns its workflow id (and the run to record, when not the latest), or several workflows to record, each under its own name. */
  run(t: OpenTestSystem): Promise<string | { workflowId: string; runId: string } | Recording[]>;
}

export interface Recording {
  name: string;
  workflowId: string;
}

const NEEDS_FORM = {
  assessedAt: '2026-11-24T10:00:00Z',
  needs: {
    housing: 'some',
    documents: 'none',
    income: 'severe',
    employment: 'some',
    childcare: 'none',
    health: 'some',
    mentalHealth: 'none',
    familySupport: 'severe',
  },
};

/** v1 (issue 2): referral → first contact → needs assessment → waiting in support planning. */
async function v1ToSupportPlanning(t: OpenTestSystem, referral: ReturnType<typeof hivReferral>, staff: string): Promise<string> {
  const caseId = (await t.postReferral(referral)).body.caseId as string;
  const token = await t.tokenFor(staff);
  for (const [type, form] of [
    ['first-contact', FIRST_CONTACT_FORM],
    ['needs-assessment', NEEDS_FORM],
  ] as const) {
    const task = await eventually(async () => (await t.store.tasks.findOne({ caseId, type }).lean()) ?? undefined, `${type} task`);
    const done = await http('POST', `${t.system.caseworkUrl}/tasks/${task._id}/complete`, { token, body: { form } });
    if (done.status !== 200) throw new Error(`completing ${type}: ${done.status} ${JSON.stringify(done.body)}`);
  }
  await eventually(async () => (await t.store.cases.findById(caseId).lean())?.stage === 'support-planning', 'support planning');
  return caseWorkflowId(caseId);
}

/** v2: a drill case from referral through review, escalation, plan, contacts and a reassessment (its first run). */
async function v2FirstRun(t: OpenTestSystem, referral: Record<string, unknown>, supervisor: string) {
  const run = await driveToReassessment(t, referral, { supervisor });
  return { workflowId: caseWorkflowId(run.caseId as never), runId: run.firstRunId };
}

/** v3: an intent to abandon convenes an urgent conference; inputs, a decline, decisions; the case opens the action items. */
async function v3UrgentConference(t: OpenTestSystem): Promise<Recording[]> {
  const api = async (path: string, staff: string, body: unknown) => http('POST', `${t.system.caseworkUrl}${path}`, { token: await t.tokenFor(staff), body });
  const referral = abandonmentReferral({ district: 'kz-training', referredAt: new Date().toISOString(), riskFactors: ['teenage-mother'] });
  const caseId = (await t.postReferral(referral)).body.caseId as string;
  const review = await eventually(async () => (await t.store.tasks.findOne({ caseId, type: 'referral-review' }).lean()) ?? undefined, 'the referral review');
  await api(`/tasks/${review._id}/complete`, 'sup-kz-training', { form: { decision: 'accept' } });
  const manager = await eventually(async () => (await t.store.cases.findById(caseId).lean())?.caseManager ?? undefined, 'a case manager');
  await api(`/cases/${caseId}/events`, manager, { event: { type: 'intent-to-abandon', occurredOn: '2026-11-22' } });
  const conference = await eventually(async () => (await t.store.conferences.findOne({ caseId }).lean()) ?? undefined, 'the conference');
  const must = async (answer: Promise<{ status: number; body: unknown }>) => {
    const { status, body } = await answer;
    if (status !== 200) throw new Error(`${status} ${JSON.stringify(body)}`);
  };
  await must(api(`/conferences/${conference._id}/decline`, 'psy-almaty-1', { reason: 'on leave' }));
  for (const staff of [manager, 'doc-kz-training', 'cpo-kz-training'])
    await must(api(`/conferences/${conference._id}/input`, staff, { input: 'synthetic input' }));
  await eventually(async () => (await t.store.conferences.findById(conference._id).lean())?.state === 'ready', 'quorum');
  const dueAt = new Date(Date.now() + 3600_000).toISOString();
  await must(
    api(`/conferences/${conference._id}/decisions`, 'sup-kz-training', {
      minutes: 'synthetic minutes',
      actionItems: [{ action: 'synthetic action', ownerId: manager, dueAt }],
      riskLevel: 'high',
    }),
  );
  await eventually(async () => (await t.store.tasks.countDocuments({ caseId, type: 'action-item' })) === 1, 'the action item');
  await eventually(
    async () => (await t.temporal.workflow.getHandle(conferenceWorkflowId(conference._id)).describe()).status.name === 'COMPLETED',
    'the conference ended',
  );
  return [
    { name: 'v3-abandonment-urgent-conference-case', workflowId: caseWorkflowId(caseId) },
    { name: 'v3-abandonment-urgent-conference', workflowId: conferenceWorkflowId(conference._id) },
  ];
}

/**
 * Every Update a case takes besides completions, in one case of a training district: a deadline extended, a
 * reassignment, a conference convened by hand, a policy change, a transfer asked, a closure asked and
 * approved, and a reopening. Recorded before and after patch `one-inbox` (Updates' work done by the main loop).
 */
async function everyUpdate(t: OpenTestSystem): Promise<string> {
  const post = async (path: string, staff: string, body: unknown) => {
    const answer = await http('POST', `${t.system.caseworkUrl}${path}`, { token: await t.tokenFor(staff), body });
    if (answer.status !== 200 && answer.status !== 202) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as Record<string, string>;
  };
  const supervisor = 'sup-spb-training';
  const referral = hivReferral({ district: 'spb-training', referredAt: new Date().toISOString() });
  const { caseId, manager } = await driveToFollowUp(t, referral, { supervisor });
  const contact = await eventually(async () => (await t.store.tasks.findOne({ caseId, type: 'contact', status: 'open' }).lean()) ?? undefined, 'a contact');
  await post(`/tasks/${contact._id}/extend`, manager, { dueAt: new Date(Date.now() + 3600_000).toISOString(), reason: 'the family is away this week' });
  const other = manager === 'sw-spb-training-1' ? 'sw-spb-training-2' : 'sw-spb-training-1';
  await post(`/cases/${caseId}/reassign`, supervisor, { assigneeId: other, reason: 'caseload' });
  await post(`/cases/${caseId}/conferences`, supervisor, { reason: 'the team should meet', urgent: false });
  await post(`/cases/${caseId}/policy`, supervisor, { toVersion: 'spb-2026.3-drill', reason: 'the district stays on 2026.3 this quarter' });
  await post(`/cases/${caseId}/transfer`, supervisor, { toDistrict: 'spb-nevsky', reason: 'the family may move' });
  const closure = await post(`/cases/${caseId}/closure`, supervisor, { outcome: 'moved-away', reason: 'the family left the city' });
  await post(`/tasks/${closure.taskId}/complete`, supervisor, { form: { decision: 'approve' } });
  await eventually(async () => (await t.store.cases.findById(caseId).lean())?.stage === 'closed', 'the case closed');
  await post(`/cases/${caseId}/reopen`, supervisor, { reason: 'the family came back' });
  await eventually(async () => (await t.store.cases.findById(caseId).lean())?.stage === 'needs-assessment', 'the case reopened');
  return caseWorkflowId(caseId);
}

export const SCENARIOS: Scenario[] = [
  // Every Update, its work done by the main loop (patch one-inbox).
  { name: 'v5-hiv-every-update', run: everyUpdate },
  // The same, recorded with the code before it: handlers did the work themselves.
  { name: 'v4-hiv-every-update', run: everyUpdate },
  {
    // v4: completions answer once the case has reacted (patch completion-answers-reaction): acceptance, the
    // escalated first contact, plan, approval, an infant test, contacts, and a reassessment whose answer the
    // case waits to give before it continues as new.
    name: 'v4-hiv-first-run',
    run: (t) => v2FirstRun(t, hivReferral({ district: 'spb-training', referredAt: new Date().toISOString() }), 'sup-spb-training'),
  },
  { name: 'v3-abandonment-urgent-conference', run: v3UrgentConference },
  {
    name: 'v2-hiv-first-run',
    run: (t) => v2FirstRun(t, hivReferral({ district: 'spb-training', referredAt: new Date().toISOString() }), 'sup-spb-training'),
  },
  {
    name: 'v2-abandonment-first-run',
    run: (t) => v2FirstRun(t, abandonmentReferral({ district: 'kz-training', referredAt: new Date().toISOString() }), 'sup-kz-training'),
  },
  { name: 'v1-hiv-to-support-planning', run: (t) => v1ToSupportPlanning(t, hivReferral(), 'sw-nevsky-1') },
  { name: 'v1-abandonment-to-support-planning', run: (t) => v1ToSupportPlanning(t, abandonmentReferral(), 'sw-almaty-1') },
];
