import { createHash } from 'node:crypto';
import { caseWorkflowId, eventIdFor } from '@continuum/domain';
import { eventually, openTestSystem, type OpenTestSystem } from '../harness/system';
import { hivReferral } from '../harness/referrals';

describe('a repeated referral never creates a second case', () => {
  let t: OpenTestSystem;
  beforeAll(async () => (t = await openTestSystem()));
  afterAll(() => t.close());

  it('answers every repeat, over HTTP and NATS, with the one existing case', async () => {
    const referral = hivReferral();
    // Three copies at once, as a facility system retrying on a slow network would send them.
    const answers = await Promise.all([1, 2, 3].map(() => t.postReferral(referral)));
    const caseIds = new Set(answers.map((a) => a.body.caseId));
    expect(caseIds.size).toBe(1);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 202]);
    const [caseId] = [...caseIds] as string[];

    await eventually(async () => (await t.store.tasks.countDocuments({ caseId })) === 1, 'the first task');

    // The same referral event again on NATS, with a new message id so JetStream's de-duplication does
    // not catch it: the workflow id must.
    const stored = (await t.store.referrals.findById(caseId).lean())!;
    const event = {
      type: 'referral.received',
      eventId: `${eventIdFor(caseId!, 'referral.received')}/replayed`,
      occurredAt: new Date().toISOString(),
      caseId,
      district: stored.district,
      programme: stored.programme,
      facilityId: stored.facilityId,
      referredAt: stored.referredAt.toISOString(),
      urgent: stored.urgent,
    };
    const ack = await t.nats.jetstream().publish('referral.received', new TextEncoder().encode(JSON.stringify(event)), { msgID: event.eventId });
    expect(ack.duplicate).toBe(false);
    // Wait until the intake consumer has processed it (nothing pending), then count.
    await eventually(async () => {
      const info = await (await t.nats.jetstreamManager()).consumers.info('REFERRALS', 'intake-case-starter');
      return info.num_pending === 0 && info.num_ack_pending === 0;
    }, 'the intake consumer to drain');

    const again = await t.postReferral(referral);
    expect(again).toMatchObject({ status: 200, body: { caseId, duplicate: true } });

    expect(await t.store.cases.countDocuments({ _id: caseId })).toBe(1);
    expect(await t.store.referrals.countDocuments({ _id: caseId })).toBe(1);
    expect(await t.store.tasks.countDocuments({ caseId })).toBe(1);
    const runs = [];
    for await (const wf of t.temporal.workflow.list({ query: `WorkflowId = '${caseWorkflowId(caseId as never)}'` })) runs.push(wf.runId);
    expect(runs).toHaveLength(1);
  });

  it('answers the same referral id with other content 409, and changes nothing: whoever sent first is not overwritten', async () => {
    const referral = hivReferral();
    const first = await t.postReferral(referral);
    expect(first.status).toBe(202);
    const before = await t.store.referrals.findById(first.body.caseId).lean();
    const other = await t.postReferral({
      ...referral,
      mother: { fullName: 'Another Mother', birthDate: '1990-01-01' },
      consent: undefined,
      programme: 'abandonment-prevention',
    });
    expect([other.status, other.body.error]).toEqual([409, 'CONFLICT']);
    expect(JSON.stringify(other.body)).not.toContain(first.body.caseId);
    expect(await t.store.referrals.findById(first.body.caseId).lean()).toEqual(before);
    expect(await t.store.referrals.countDocuments({ referralId: referral.referralId })).toBe(1);
  });

  it('keys a referral by its facility: the same referral id from another facility is another case with a random id', async () => {
    const referral = hivReferral();
    const a = await t.postReferral(referral);
    const b = await t.postReferral({ ...referral, facilityId: 'spb-aids-center' });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.caseId).not.toBe(b.body.caseId);
    // Not derived from the ids: the same referral sent to a fresh system would get another one.
    expect(a.body.caseId).not.toBe(`case-${createHash('sha256').update(`referral\0spb-maternity-16\0${referral.referralId}`).digest('hex').slice(0, 20)}`);
  });
});
