import { casework } from '../harness/casework';
import { caseEvents } from '../harness/nats-reader';
import { FORMS } from '../harness/forms';
import { driveToReassessment, statusOf } from '../harness/lifecycle';
import { hivReferral } from '../harness/referrals';
import { eventually, openTestSystem, type OpenTestSystem } from '../harness/system';

/**
 * St. Petersburg's HIV follow-up, whole, in a training district (drill policy: seconds for months):
 * referral → review → first contact (overdue, escalated) → needs → plan → approval → contacts, infant test,
 * reassessment (continues as new) → a child's test result → transfer to Nevsky → closure → reopening.
 * One family through the real servers, a step per test: each goes on from where the one before left the case,
 * so the first to fail names the step that broke.
 */
describe('hiv-family-follow-up: a family from referral to closure', () => {
  let t: OpenTestSystem;
  let cw: ReturnType<typeof casework>;
  let run: Awaited<ReturnType<typeof driveToReassessment>>;
  let caseId: string;
  let conference: { _id: string };
  let infantTest: { _id: string; subject?: string | null };
  let newManager: string;
  beforeAll(async () => {
    t = await openTestSystem();
    cw = casework(t);
  });
  afterAll(() => t.close());

  it('is referred, reviewed, contacted late (escalated), assessed, planned and followed up to its reassessment', async () => {
    const referral = hivReferral({ district: 'spb-training', referredAt: new Date().toISOString(), riskFactors: ['single-mother'] });
    run = await driveToReassessment(t, referral, { supervisor: 'sup-spb-training' });
    caseId = run.caseId;
    expect(['sw-spb-training-1', 'sw-spb-training-2']).toContain(run.manager);

    // The escalation went out as an event; risk was screened again at the reassessment (2 + 2 = 4: medium).
    const events = await caseEvents(t.nats, caseId);
    expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'task.escalated', taskType: 'first-contact' })]));
    expect(await t.store.cases.findById(caseId).lean()).toMatchObject({ stage: 'follow-up', riskLevel: 'medium', policyVersion: 'spb-2026.4-drill' });
    const status = await statusOf(t, caseId);
    expect(status).toMatchObject({ stage: 'follow-up', run: 2, caseManager: run.manager });
  });

  it('convened a conference when the needs assessment put the risk at high, which outlived the continue-as-new', async () => {
    const status = await statusOf(t, caseId);
    // 1 + 2 + 2 = 5: high.
    conference = await cw.conference({ caseId, trigger: 'risk-high' }, 'a risk-high conference');
    expect(status.conference).toEqual({ active: conference._id, held: 0 });
    expect(status.scheduled?.map((s) => s.what)).toEqual(expect.arrayContaining(['reassessment', 'end-of-follow-up']));
  });

  it("turns the HIV-exposed infant's testing milestone into a task", async () => {
    // 6 s after the referral in the drill.
    infantTest = await cw.completeNext(caseId, 'infant-test', run.manager, FORMS.infantTest);
    expect(infantTest.subject).toBe('pcr-6-weeks');
  });

  it('records a negative test result reported as a family event, with no review', async () => {
    const reported = await cw.api('POST', `/cases/${caseId}/events`, run.manager, {
      event: {
        type: 'child-hiv-test-result',
        occurredOn: '2026-11-22',
        childIndex: 0,
        result: 'negative',
        test: 'pcr',
        milestone: '6-weeks',
        breastfed: false,
      },
    });
    expect(reported.status).toBe(202);
    await eventually(
      async () => (await t.store.caseHistory.exists({ caseId, type: 'family-event:child-hiv-test-result' })) !== null,
      'the result in the case history',
    );
    expect(await t.store.tasks.countDocuments({ caseId, type: 'case-review' })).toBe(0);
  });

  it("moves to Nevsky when Nevsky's supervisor accepts the transfer, keeping its history and its tasks", async () => {
    const transfer = await cw.api('POST', `/cases/${caseId}/transfer`, 'sup-spb-training', { toDistrict: 'spb-nevsky', reason: 'the family moved to Nevsky' });
    expect(transfer.status).toBe(202);
    expect((await cw.complete(transfer.body.taskId, 'sup-spb-training', FORMS.acceptTransfer)).status).toBe(403); // not the receiving district
    expect((await cw.complete(transfer.body.taskId, 'sup-spb-north', FORMS.acceptTransfer)).status).toBe(200);
    newManager = await eventually(async () => {
      const doc = await t.store.cases.findById(caseId).lean();
      return (doc?.district === 'spb-nevsky' && doc.caseManager) || undefined;
    }, 'the case in Nevsky with a Nevsky case manager');
    expect(['sw-nevsky-1', 'sw-nevsky-2']).toContain(newManager);
    // The case's tasks moved; the open conference stays with the team that convened it.
    const openTasks = await t.store.tasks.find({ caseId, status: 'open', type: { $ne: 'conference-input' } }).lean();
    expect(openTasks.filter((task) => task.district !== 'spb-nevsky')).toEqual([]);
    // Its completed tasks went with it: the sending district keeps nothing, and answers as if the case never was there.
    const completed = await t.store.tasks.find({ caseId, status: 'completed' }).lean();
    expect(completed.length).toBeGreaterThanOrEqual(7);
    expect(completed.filter((task) => task.district !== 'spb-nevsky')).toEqual([]);
    expect((await cw.api('GET', `/cases/${caseId}`, 'sup-spb-training')).status).toBe(404);
    expect((await cw.api('GET', `/tasks/${infantTest._id}`, 'sup-spb-training')).status).toBe(404);
    // The receiving district's supervisor, whom the family's consent reaches, reads the infant test as it is.
    expect(await cw.api('GET', `/tasks/${infantTest._id}`, 'sup-spb-north')).toMatchObject({
      status: 200,
      body: { type: 'infant-test', subject: 'pcr-6-weeks', programme: 'hiv-family-follow-up' },
    });
    expect((await cw.api('GET', `/conferences/${conference._id}`, 'sup-spb-training')).status).toBe(404);
  });

  it('closes when the supervisor approves the proposal: its conference cancelled, the facility told it completed', async () => {
    const proposed = await cw.api('POST', `/cases/${caseId}/closure`, newManager, {
      outcome: 'completed-successfully',
      reason: 'plan goals met, child tested negative',
    });
    expect(proposed.status).toBe(202);
    expect((await cw.complete(proposed.body.taskId, 'sup-spb-north', FORMS.approve)).status).toBe(200);
    await eventually(async () => (await t.store.cases.findById(caseId).lean())?.stage === 'closed', 'the case closed');
    expect(await t.store.cases.findById(caseId).lean()).toMatchObject({ outcome: 'completed-successfully' });
    // Closing the case cancels its open conference, and with it the participants' input tasks.
    await eventually(async () => (await t.store.conferences.findById(conference._id).lean())?.state === 'cancelled', 'the conference cancelled');
    await eventually(async () => (await t.store.tasks.countDocuments({ caseId, status: 'open' })) === 0, 'no open task');
    const referralStatus = await t.referralStatus(caseId);
    expect(referralStatus.body).toMatchObject({ status: 'completed', district: 'spb-nevsky' });
  });

  it('tells its story in the case view, and what it waits for now', async () => {
    const view = await cw.api('GET', `/cases/${caseId}`, 'sup-spb-north');
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ stage: 'closed', outcome: 'completed-successfully', hivStatusDisclosed: true, plan: { approved: true } });
    const historyTypes = (view.body.history as Array<{ type: string }>).map((h) => h.type);
    expect(historyTypes).toEqual(
      expect.arrayContaining(['referral-accepted', 'case-assigned', 'case-transferred', 'family-event:child-hiv-test-result', 'case-closed']),
    );
    expect(view.body.waitingFor.scheduled.map((s: { what: string }) => s.what)).toEqual(['reopen-window-ends']);
  });

  it('is reopened by a supervisor, not by its case manager, and starts again from a needs assessment', async () => {
    expect((await cw.api('POST', `/cases/${caseId}/reopen`, newManager, { reason: 'new crisis' })).status).toBe(403);
    const reopened = await cw.api('POST', `/cases/${caseId}/reopen`, 'sup-spb-north', { reason: 'the mother asked for help again' });
    expect(reopened.status).toBe(200);
    await cw.openTask(caseId, 'needs-assessment');
    expect(await t.store.referrals.findById(caseId).lean()).toMatchObject({ status: 'in-progress' });
  });
});
