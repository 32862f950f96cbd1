import { http, openTestSystem, type OpenTestSystem } from '../harness/system';
import { abandonmentReferral, hivReferral } from '../harness/referrals';

describe('an invalid referral', () => {
  let t: OpenTestSystem;
  beforeAll(async () => (t = await openTestSystem()));
  afterAll(() => t.close());

  async function snapshot() {
    const jsm = await t.nats.jetstreamManager();
    return {
      referrals: await t.store.referrals.countDocuments(),
      cases: await t.store.cases.countDocuments(),
      published: (await jsm.streams.info('REFERRALS')).state.last_seq,
    };
  }

  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    [
      'missing and malformed fields',
      { ...hivReferral(), mother: { fullName: '' }, referredAt: 'yesterday' },
      ['mother.fullName', 'mother.birthDate', 'referredAt'],
    ],
    ['an unknown field', { ...hivReferral(), religion: 'x' }, ['(root)']],
    ['no consent on the HIV programme', { ...hivReferral(), consent: undefined }, ['consent']],
    ['a control character (log injection)', hivReferral({ notes: 'ok\n{"level":50,"msg":"forged"}' }), ['notes']],
    ['a date out of range', hivReferral({ referredAt: '2299-01-01T00:00:00Z' }), ['referredAt']],
    ['a risk factor no programme has', hivReferral({ riskFactors: ['single-mother', 'poverty', 'foo'] }), ['riskFactors.2']],
    ["a risk factor of the other programme (ART on Kazakhstan's)", abandonmentReferral({ riskFactors: ['poverty', 'art-non-adherence'] }), ['riskFactors.1']],
  ];

  it.each(cases)('with %s gets 400 naming the fields, and nothing is stored or published', async (_what, referral, fields) => {
    const before = await snapshot();
    const answer = await t.postReferral(referral);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('INVALID');
    const paths = (answer.body.issues as Array<{ path: string }>).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(fields));
    expect(await snapshot()).toEqual(before);
    expect(await t.store.referrals.exists({ referralId: String(referral.referralId) })).toBeNull();
  });

  it("an unknown risk factor's 400 names the code and the programme's codes, beside the other bad fields", async () => {
    const before = await snapshot();
    const referral = hivReferral({ riskFactors: ['single-mother', 'no-id-papers', 'foo'], notes: 'a\u0000b' });
    const answer = await t.postReferral(referral);
    expect(answer.status).toBe(400);
    expect(answer.body.issues).toEqual([
      { path: 'notes', message: expect.any(String) },
      {
        path: 'riskFactors.2',
        message: expect.stringMatching(/^unknown risk factor "foo": the risk factors of hiv-family-follow-up are risky-pregnancy, .*intent-to-abandon/),
      },
    ]);
    expect(await snapshot()).toEqual(before);
    expect(await t.store.referrals.exists({ referralId: String(referral.referralId) })).toBeNull();
  });

  it('a facility id in the body is refused (400): the facility is the one its credentials name', async () => {
    const before = await snapshot();
    const { facilityId, ...body } = hivReferral();
    const answer = await http('POST', `${t.system.intakeUrl}/referrals`, { token: await t.facilityToken('spb-aids-center'), body: { ...body, facilityId } });
    expect([answer.status, answer.body.issues]).toEqual([400, [expect.objectContaining({ path: '(root)' })]]);
    expect(await snapshot()).toEqual(before);
  });

  it('with malformed JSON gets 400 and nothing changes', async () => {
    const before = await snapshot();
    const answer = await http('POST', `${t.system.intakeUrl}/referrals`, { token: await t.facilityToken('spb-maternity-16'), rawBody: '{"referralId": "a",' });
    expect(answer.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});
