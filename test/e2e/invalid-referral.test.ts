import { http, openTestSystem, type OpenTestSystem } from '../harness/system';
import { hivReferral } from '../harness/referrals';
import { caseIdForReferral } from '../../services/intake/src/case-id';

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

  const cases: Array<[string, { body?: unknown; rawBody?: string }, string[]]> = [
    ['missing and malformed fields', { body: { ...hivReferral(), mother: { fullName: '' }, referredAt: 'yesterday' } }, ['mother.fullName', 'mother.birthDate', 'referredAt']],
    ['an unknown field', { body: { ...hivReferral(), religion: 'x' } }, ['(root)']],
    ['no consent on the HIV programme', { body: { ...hivReferral(), consent: undefined } }, ['consent']],
    ['a control character (log injection)', { body: hivReferral({ notes: 'ok\n{"level":50,"msg":"forged"}' }) }, ['notes']],
    ['a date out of range', { body: hivReferral({ referredAt: '2299-01-01T00:00:00Z' }) }, ['referredAt']],
    ['an unknown facility', { body: hivReferral({ facilityId: 'nowhere-1' }) }, ['facilityId']],
    ['an unknown district', { body: hivReferral({ district: 'atlantis' }) }, ['district']],
  ];

  it.each(cases)('with %s gets 400 naming the fields, and nothing is stored or published', async (_what, request, fields) => {
    const before = await snapshot();
    const answer = await http('POST', `${t.system.intakeUrl}/referrals`, request);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('INVALID');
    const paths = (answer.body.issues as Array<{ path: string }>).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(fields));
    expect(await snapshot()).toEqual(before);
    const body = request.body as { facilityId?: string; referralId?: string } | undefined;
    if (body?.facilityId && body.referralId) {
      expect(await t.store.referrals.exists({ _id: caseIdForReferral(body.facilityId, body.referralId) })).toBeNull();
    }
  });

  it('with malformed JSON gets 400 and nothing changes', async () => {
    const before = await snapshot();
    const answer = await http('POST', `${t.system.intakeUrl}/referrals`, { rawBody: '{"referralId": "a",' });
    expect(answer.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});
