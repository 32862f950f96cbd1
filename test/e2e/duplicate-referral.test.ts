import { caseWorkflowId, eventIdFor } from '@continuum/domain';
import { eventually, http, openTestSystem, type OpenTestSystem } from '../harness/system';
import { hivReferral } from '../harness/referrals';

describe('a repeated referral never creates a second case', () => {
  let t: OpenTestSystem;
  beforeAll(async () => (t = await openTestSystem()));
  afterAll(() => t.close());

  it('answers every repeat, over HTTP and NATS, with the one existing case', async () => {
    const referral = hivReferral();
    // Three copies at once, as a facility system retrying on a slow network would send them.
    const answers = await Promise.all([1, 2, 3].map(() => http('POST', `${t.system.intakeUrl}/referrals`, { body: referral })));
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

    const again = await http('POST', `${t.system.intakeUrl}/referrals`, { body: referral });
    expect(again).toMatchObject({ status: 200, body: { caseId, duplicate: true } });

    expect(await t.store.cases.countDocuments({ _id: caseId })).toBe(1);
    expect(await t.store.referrals.countDocuments({ _id: caseId })).toBe(1);
    expect(await t.store.tasks.countDocuments({ caseId })).toBe(1);
    const runs = [];
    for await (const wf of t.temporal.workflow.list({ query: `WorkflowId = '${caseWorkflowId(caseId as never)}'` })) runs.push(wf.runId);
    expect(runs).toHaveLength(1);
  });
});
