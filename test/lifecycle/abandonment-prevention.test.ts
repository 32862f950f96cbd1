import { casework } from '../harness/casework';
import { caseEvents } from '../harness/nats-reader';
import { FORMS } from '../harness/forms';
import { driveToReassessment, statusOf } from '../harness/lifecycle';
import { abandonmentReferral } from '../harness/referrals';
import { eventually, openTestSystem, type OpenTestSystem } from '../harness/system';

/**
 * Kazakhstan's prevention of baby abandonment, whole, in a training district (drill policy): referral →
 * review → first contact (overdue, escalated) → needs → plan → follow-up → reassessment (continues as new)
 * → a declared intent to abandon (the urgent path) → a deadline extended → transfer to Bostandyk → closure.
 */
describe('abandonment-prevention: a family from referral to closure', () => {
  let t: OpenTestSystem;
  let cw: ReturnType<typeof casework>;
  let caseId: string;
  let manager: string;
  let visit: { _id: string; dueAt: Date };
  beforeAll(async () => {
    t = await openTestSystem();
    cw = casework(t);
  });
  afterAll(() => t.close());

  // One family through the real servers, a step per test: each goes on from where the one before left the
  // case, so the first to fail names the step that broke.
  it('is referred, reviewed, contacted late (escalated), assessed, planned and followed up to its reassessment', async () => {
    const referral = abandonmentReferral({ district: 'kz-training', referredAt: new Date().toISOString(), riskFactors: ['teenage-mother'] });
    ({ caseId, manager } = await driveToReassessment(t, referral, { supervisor: 'sup-kz-training' }));
    expect(manager).toBe('sw-kz-training-1');
    // Screened again at the reassessment: single mother 2 + no housing 2 = 4, medium.
    expect(await t.store.cases.findById(caseId).lean()).toMatchObject({ stage: 'follow-up', riskLevel: 'medium' });
  });

  it('takes the urgent path at once when the mother says she will leave the child', async () => {
    const reported = await cw.api('POST', `/cases/${caseId}/events`, manager, { event: { type: 'intent-to-abandon', occurredOn: '2026-11-22' } });
    expect(reported.status).toBe(202);
    visit = await eventually(
      async () => (await t.store.tasks.findOne({ caseId, type: 'contact', subject: 'urgent-visit' }).lean()) ?? undefined,
      'the urgent visit',
    );
    await eventually(async () => (await t.store.cases.findById(caseId).lean())?.riskLevel === 'urgent', 'the case urgent');
    expect((await statusOf(t, caseId)).riskLevel).toBe('urgent');
    expect(await t.store.tasks.findById(visit._id).lean()).toMatchObject({ priority: 3, assigneeId: manager });
  });

  it("extends the urgent visit's deadline with the case manager's reason, audited", async () => {
    const later = new Date(Date.parse(visit.dueAt.toISOString()) + 3600_000).toISOString();
    const extended = await cw.api('POST', `/tasks/${visit._id}/extend`, manager, { dueAt: later, reason: 'the mother is in hospital until tomorrow' });
    expect(extended.status).toBe(200);
    expect((await t.store.tasks.findById(visit._id).lean())?.dueAt.toISOString()).toBe(later);
    await t.auditSealed();
    expect(await t.store.audit.countDocuments({ caseId, action: 'extend-deadline', actor: manager })).toBe(1);
    expect((await cw.complete(visit._id, manager, FORMS.contact)).status).toBe(200);
  });

  it('moves to Bostandyk when Bostandyk accepts the transfer', async () => {
    const transfer = await cw.api('POST', `/cases/${caseId}/transfer`, 'sup-kz-training', { toDistrict: 'kz-almaty-bostandyk', reason: 'the family moved' });
    expect(transfer.status).toBe(202);
    expect((await cw.complete(transfer.body.taskId, 'sup-almaty', FORMS.acceptTransfer)).status).toBe(200);
    await eventually(async () => (await t.store.cases.findById(caseId).lean())?.caseManager === 'sw-almaty-1', 'the case with Bostandyk’s caseworker');
    expect(await caseEvents(t.nats, caseId)).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'case.transferred', fromDistrict: 'kz-training' })]),
    );
  });

  it('closes when the supervisor, not the caseworker, approves the proposal; the facility is told it completed', async () => {
    const proposed = await cw.api('POST', `/cases/${caseId}/closure`, 'sw-almaty-1', {
      outcome: 'completed-successfully',
      reason: 'the child lives with the family',
    });
    expect(proposed.status).toBe(202);
    expect((await cw.complete(proposed.body.taskId, 'sw-almaty-1', FORMS.approve)).status).toBe(403); // a supervisor's decision
    expect((await cw.complete(proposed.body.taskId, 'sup-almaty', FORMS.approve)).status).toBe(200);
    await eventually(async () => (await t.store.cases.findById(caseId).lean())?.stage === 'closed', 'the case closed');
    expect((await t.referralStatus(caseId)).body).toMatchObject({ status: 'completed' });
    const types = (await caseEvents(t.nats, caseId)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['case.opened', 'case.assigned', 'task.escalated', 'case.risk-changed', 'case.family-event', 'case.transferred', 'case.closed']),
    );
  });

  it('a rejected referral tells the facility why, as a code, and cannot be reopened', async () => {
    const cw = casework(t);
    const caseId = await cw.refer(abandonmentReferral({ district: 'kz-training', referredAt: new Date().toISOString() }));
    // A rejection must name its reason from the closed list; the reviewer's own words are not the facility's.
    const review = await cw.openTask(caseId, 'referral-review');
    const withoutCode = await cw.complete(review._id, 'sup-kz-training', { decision: 'reject', reason: 'the mother told us she is HIV-positive' });
    expect([withoutCode.status, withoutCode.body.issues?.[0]?.path]).toEqual([400, 'reasonCode']);
    await cw.completeNext(caseId, 'referral-review', 'sup-kz-training', FORMS.reject);
    const status = await eventually(async () => {
      const answer = await t.referralStatus(caseId);
      return answer.body.status === 'rejected' && answer.body;
    }, 'the referral rejected');
    expect(status.statusReason).toBe('outside-service-area');
    expect(JSON.stringify(status)).not.toContain(FORMS.reject.reason);
    // The staff's words stay with the referral, sealed under the case's key.
    const note = (await t.store.referrals.findById(caseId, { statusNote: 1 }).lean())!.statusNote!;
    expect(note).not.toContain(FORMS.reject.reason);
    expect(await t.vault.open(caseId, note)).toBe(FORMS.reject.reason);
    expect((await cw.api('POST', `/cases/${caseId}/reopen`, 'sup-kz-training', { reason: 'try again' })).status).toBe(409);
  });
});
