import { casework } from '../harness/casework';
import { stem } from '../harness/names';
import { hivReferral } from '../harness/referrals';
import { eventually, openTestSystem, type OpenTestSystem } from '../harness/system';

/**
 * The same mother referred twice (by the maternity ward and the AIDS Center): the second referral's review
 * names the open case she has, and the supervisor merges it there (or keeps both).
 */
describe('a probable duplicate at intake is the supervisor’s to merge or keep', () => {
  let t: OpenTestSystem;
  let cw: ReturnType<typeof casework>;
  const SUP = 'sup-spb-training';
  const name = stem();
  const referral = (facilityId: string, fullName: string, birthDate = '1993-07-14') =>
    hivReferral({ facilityId, district: 'spb-training', referredAt: new Date().toISOString(), mother: { fullName, birthDate, hivStatus: 'positive' } });
  beforeAll(async () => {
    t = await openTestSystem();
    cw = casework(t);
  });
  afterAll(() => t.close());

  it('flags the second referral of the same mother, in the other script, and merges it into her open case', async () => {
    const first = await cw.refer(referral('spb-maternity-16', `${name.cyrillic}ова Ольга Ивановна`));
    await cw.openTask(first, 'referral-review');
    const second = await cw.refer(referral('spb-aids-center', `Olga ${name.latin}ova`));
    const other = await cw.refer(referral('spb-aids-center', `Olga ${name.latin}ina`)); // another woman born the same day
    const review = await cw.openTask(second, 'referral-review');
    const shown = await cw.api('GET', `/tasks/${review._id}`, SUP);
    expect(shown.body).toMatchObject({ type: 'referral-review', probableDuplicateOf: first });
    expect((await cw.api('GET', `/tasks/${(await cw.openTask(other, 'referral-review'))._id}`, SUP)).body.probableDuplicateOf).toBeUndefined();
    expect((await cw.api('GET', `/tasks/${(await cw.openTask(first, 'referral-review'))._id}`, SUP)).body.probableDuplicateOf).toBeUndefined();

    // Merging needs the rejection it is (already in follow-up), into another open case of her districts.
    const merge = { decision: 'reject', reasonCode: 'already-in-follow-up', reason: 'the same mother as the maternity ward referred', mergeInto: first };
    const refused = [
      await cw.complete(review._id, SUP, { ...merge, decision: 'accept' }),
      await cw.complete(review._id, SUP, { ...merge, reasonCode: 'other' }),
      await cw.complete(review._id, SUP, { ...merge, mergeInto: second }),
      await cw.complete(review._id, SUP, { ...merge, mergeInto: 'case-00000000000000000000' }),
    ];
    expect(refused.map((r) => [r.status, r.body.issues?.[0]?.path])).toEqual(Array(4).fill([400, 'mergeInto']));
    expect((await cw.complete(review._id, SUP, merge)).status).toBe(200);

    // The duplicate closes, its facility told why (as a code); the mother's case keeps that she was referred again.
    await eventually(async () => (await t.store.cases.findById(second, { stage: 1 }).lean())?.stage === 'closed', 'the duplicate closed');
    expect((await eventually(async () => (await t.referralStatus(second)).body.statusReason ?? undefined, 'the facility told')) as string).toBe(
      'already-in-follow-up',
    );
    const kept = await eventually(async () => {
      const view = await cw.api('GET', `/cases/${first}`, SUP);
      return (view.body.history as Array<{ type: string }>).some((h) => h.type === 'referral-merged') && view.body;
    }, 'the merge in the kept case’s history');
    expect(kept.stage).not.toBe('closed');
    expect(kept.history.find((h: { type: string }) => h.type === 'referral-merged')).toMatchObject({ by: SUP, details: { fromCase: second } });
  });
});
