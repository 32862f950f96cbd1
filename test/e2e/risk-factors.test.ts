import { casework } from '../harness/casework';
import { FORMS } from '../harness/forms';
import { abandonmentReferral, hivReferral, type ReferralFrom } from '../harness/referrals';
import { eventually, openTestSystem, type HttpAnswer, type OpenTestSystem } from '../harness/system';

/*
 * One vocabulary of risk factors per programme, at intake and in casework: the spellings facilities send
 * (`no-id-papers`) are stored as the codes (`no-identity-papers`), so the case is screened and counted by
 * them; a code the programme does not have is a 400 naming it, and changes nothing.
 */

let t: OpenTestSystem;
let cw: ReturnType<typeof casework>;
beforeAll(async () => {
  t = await openTestSystem();
  cw = casework(t);
});
afterAll(() => t.close());

const now = () => new Date(Date.now() - 60_000).toISOString();
const issuesOf = (answer: HttpAnswer): Array<{ path: string; message: string }> => answer.body?.issues ?? [];

/** Everything a completion could change about a case, as stored. */
async function snapshot(caseId: string) {
  const [caseDoc, tasks, history] = await Promise.all([
    t.store.cases.findById(caseId).lean(),
    t.store.tasks.find({ caseId }).sort({ _id: 1 }).lean(),
    t.store.caseHistory.find({ caseId }).sort({ _id: 1 }).lean(),
  ]);
  return { caseDoc, tasks, history };
}

/** A case accepted by its supervisor, its first contact done: the needs assessment open and assigned to the case manager. */
async function inNeedsAssessment(referral: ReferralFrom, supervisor: string) {
  const { caseId, manager } = await cw.inFirstContact(referral, supervisor);
  await cw.completeNext(caseId, 'first-contact', manager, FORMS.firstContact);
  const task = await eventually(async () => {
    const open = await t.store.tasks.findOne({ caseId, type: 'needs-assessment', status: 'open' }).lean();
    return open?.assigneeId ? open : undefined;
  }, 'the assigned needs assessment');
  return { caseId, manager, taskId: task._id as string };
}

describe('a referral', () => {
  it('with the spellings facilities send is stored, screened and shown with the codes; the same with the codes is the same referral', async () => {
    const referral = hivReferral({ referredAt: now(), riskFactors: ['no-id-papers', 'Single-Mother'] });
    const sent = await t.postReferral(referral);
    expect(sent.status).toBe(202);
    const caseId = sent.body.caseId as string;

    expect((await t.store.referrals.findById(caseId).lean())?.form).toMatchObject({ riskFactors: ['no-identity-papers', 'single-mother'] });
    // Screened by the codes: no-identity-papers weighs 2, single-mother 1 (medium from 2).
    const screened = await eventually(async () => {
      const doc = await t.store.cases.findById(caseId).lean();
      return doc?.riskLevel ? doc : undefined;
    }, 'the case screened');
    expect(screened).toMatchObject({ riskFactors: ['no-identity-papers', 'single-mother'], riskScore: 3, riskLevel: 'medium' });
    const view = await cw.api('GET', `/cases/${caseId}`, 'sup-spb-north');
    expect(view.status).toBe(200);
    expect(view.body.risk).toMatchObject({ level: 'medium', score: 3, factors: ['no-identity-papers', 'single-mother'] });

    const again = await t.postReferral({ ...referral, riskFactors: ['no-identity-papers', 'single-mother'] });
    expect([again.status, again.body.caseId]).toEqual([200, caseId]);
  });
});

describe("a needs assessment's risk factors", () => {
  it('in the spellings facilities send are stored as the codes; an unknown code is a 400 naming it, changing nothing', async () => {
    const { caseId, manager, taskId } = await inNeedsAssessment(hivReferral({ referredAt: now() }), 'sup-spb-north');

    const before = await snapshot(caseId);
    const bad = await cw.complete(taskId, manager, FORMS.needs(['poverty', 'foo']));
    expect(bad.status).toBe(400);
    expect(issuesOf(bad)).toEqual([
      { path: 'riskFactors.1', message: expect.stringMatching(/^unknown risk factor "foo": the risk factors of this case are risky-pregnancy, /) },
    ]);
    expect(await snapshot(caseId)).toEqual(before);

    const good = await cw.complete(taskId, manager, FORMS.needs(['no-id-papers', 'out-of-wedlock']));
    expect(good.status).toBe(200);
    const done = await eventually(async () => {
      const task = await t.store.tasks.findById(taskId).lean();
      return task?.status === 'completed' ? task : undefined;
    }, 'the needs assessment completed');
    expect(done.form).toMatchObject({ riskFactors: ['no-identity-papers', 'birth-out-of-wedlock'] });
    // Screened again by the codes: 2 + 1.
    await eventually(async () => {
      const doc = await t.store.cases.findById(caseId).lean();
      return doc?.riskScore === 3 && doc.riskFactors.join() === 'birth-out-of-wedlock,no-identity-papers';
    }, 'the case screened again by the codes');
  });

  it('refuses art-non-adherence on a Kazakhstan case, and on an HIV case from a manager outside the consent, alike', async () => {
    const kz = await inNeedsAssessment(abandonmentReferral({ referredAt: now() }), 'sup-almaty');
    // No consent granted: the case manager does not see the family's HIV codes.
    const { hivStatus: _status, ...mother } = hivReferral().mother;
    const outside = await inNeedsAssessment(
      hivReferral({
        referredAt: now(),
        mother,
        children: [{ birthDate: '2026-11-18', sex: 'female' }],
        consent: { granted: false, scope: ['social-service'], signedOn: '2026-11-19', signedBy: 'mother' },
      }),
      'sup-spb-north',
    );

    const answers: HttpAnswer[] = [];
    for (const c of [kz, outside]) {
      const before = await snapshot(c.caseId);
      const answer = await cw.complete(c.taskId, c.manager, FORMS.needs(['poverty', 'art-non-adherence']));
      expect(answer.status).toBe(400);
      expect(await snapshot(c.caseId)).toEqual(before);
      answers.push(answer);
    }
    expect(issuesOf(answers[0]!)).toEqual([
      { path: 'riskFactors.1', message: expect.stringMatching(/^"art-non-adherence" is not a risk factor of this case: /) },
    ]);
    expect(issuesOf(answers[0]!)[0]!.message).not.toMatch(/are .*art-non-adherence/);
    // Nothing in the answer tells the two programmes apart.
    expect(answers[1]!.body).toEqual(answers[0]!.body);
  });
});
