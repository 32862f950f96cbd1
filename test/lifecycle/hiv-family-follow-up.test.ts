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
 */
describe('hiv-family-follow-up: a family from referral to closure', () => {
  let t: OpenTestSystem;
  beforeAll(async () => (t = await openTestSystem()));
  afterAll(() => t.close());

  it('runs the whole lifecycle through the real servers', async () => {
    const cw = casework(t);
    const referral = hivReferral({ district: 'spb-training', referredAt: new Date().toISOString(), riskFactors: ['single-mother'] });
    const run = await driveToReassessment(t, referral, { supervisor: 'sup-spb-training' });
    const { caseId } = run;
    expect(['sw-spb-training-1', 'sw-spb-training-2']).toContain(run.manager);

    // The escalation went out as an event; risk was screened again at the reassessment (2 + 2 = 4: medium).
    const events = await caseEvents(t.nats, caseId);
    expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'task.escalated', taskType: 'first-contact' })]));
    expect(await t.store.cases.findById(caseId).lean()).toMatchObject({ stage: 'follow-up', riskLevel: 'medium', policyVersion: 'spb-2026.4-drill' });
    const status = await statusOf(t, caseId);
    expect(status).toMatchObject({ stage: 'follow-up', run: 2, caseManager: run.manager });
    // The needs assessment put the risk at high (1 + 2 + 2 = 5): that convened a conference, which outlived the continue-as-new.
    const conference = await eventually(
      () =>
        t.store.conferences
          .findOne({ caseId, trigger: 'risk-high' })
          .lean()
          .then((c) => c ?? undefined),
      'a risk-high conference',
    );
    expect(status.conference).toEqual({ active: conference._id, held: 0 });
    expect(status.scheduled?.map((s) => s.what)).toEqual(expect.arrayContaining(['reassessment', 'end-of-follow-up']));

    // The HIV-exposed infant's testing milestone (6 s after the referral in the drill) became a task.
    const infantTest = await cw.completeNext(caseId, 'infant-test', run.manager, FORMS.infantTest);
    expect(infantTest.subject).toBe('pcr-6-weeks');

    // A negative test result arrives as a family event: recorded, no review needed.
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

    // Transfer: the family moves to Nevsky; Nevsky's supervisor accepts; the case keeps its history.
    const transfer = await cw.api('POST', `/cases/${caseId}/transfer`, 'sup-spb-training', { toDistrict: 'spb-nevsky', reason: 'the family moved to Nevsky' });
    expect(transfer.status).toBe(202);
    expect((await cw.complete(transfer.body.taskId, 'sup-spb-training', FORMS.acceptTransfer)).status).toBe(403); // not the receiving district
    expect((await cw.complete(transfer.body.taskId, 'sup-spb-north', FORMS.acceptTransfer)).status).toBe(200);
    const newManager: string = await eventually(async () => {
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

    // Closure: the case manager proposes it, the supervisor approves; the facility sees it completed.
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

    // The case view tells the story, and what the case waits for now.
    const view = await cw.api('GET', `/cases/${caseId}`, 'sup-spb-north');
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ stage: 'closed', outcome: 'completed-successfully', hivStatusDisclosed: true, plan: { approved: true } });
    const historyTypes = (view.body.history as Array<{ type: string }>).map((h) => h.type);
    expect(historyTypes).toEqual(
      expect.arrayContaining(['referral-accepted', 'case-assigned', 'case-transferred', 'family-event:child-hiv-test-result', 'case-closed']),
    );
    expect(view.body.waitingFor.scheduled.map((s: { what: string }) => s.what)).toEqual(['reopen-window-ends']);

    // A closed case can be reopened by a supervisor: it starts again from a needs assessment.
    expect((await cw.api('POST', `/cases/${caseId}/reopen`, newManager, { reason: 'new crisis' })).status).toBe(403);
    const reopened = await cw.api('POST', `/cases/${caseId}/reopen`, 'sup-spb-north', { reason: 'the mother asked for help again' });
    expect(reopened.status).toBe(200);
    await cw.openTask(caseId, 'needs-assessment');
    expect(await t.store.referrals.findById(caseId).lean()).toMatchObject({ status: 'in-progress' });
  });
});
