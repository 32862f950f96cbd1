import { casework } from '../harness/casework';
import { FORMS } from '../harness/forms';
import { abandonmentReferral, hivReferral } from '../harness/referrals';
import { keysCli } from '../harness/keys-cli';
import { eventually, openTestSystem, type OpenTestSystem } from '../harness/system';

const YEAR_MS = 365.25 * 86_400_000;

/**
 * The nightly retention sweep, run at once through its schedule: a family whose programme's period after
 * closure has passed is erased (its key destroyed), one still within it or still open is kept, the run
 * reports what it erased, and the facts the reports count stay.
 */
describe('retention: families are erased once their programme’s period after closure has passed', () => {
  let t: OpenTestSystem;
  let cw: ReturnType<typeof casework>;
  beforeAll(async () => {
    t = await openTestSystem();
    cw = casework(t);
  });
  afterAll(() => t.close());

  /** A referral rejected at its review: the case closes at once. */
  async function closedCase(referral: Record<string, unknown>, supervisor: string): Promise<string> {
    const caseId = await cw.refer(referral);
    await cw.completeNext(caseId, 'referral-review', supervisor, FORMS.reject);
    await eventually(async () => (await t.store.cases.findById(caseId, { stage: 1 }).lean())?.stage === 'closed', 'the case closed');
    return caseId;
  }
  /** As if the case had closed that long ago (the sweep reads when it closed). */
  const closedYearsAgo = (caseId: string, years: number) =>
    t.store.cases.updateOne({ _id: caseId }, { $set: { closedAt: new Date(Date.now() - years * YEAR_MS) } });

  it('erases the family closed longer ago than its programme keeps it, keeps the others, and reports the run', async () => {
    const expired = await closedCase(abandonmentReferral({ district: 'kz-training', referredAt: new Date().toISOString() }), 'sup-kz-training');
    const recent = await closedCase(hivReferral({ district: 'spb-training', referredAt: new Date().toISOString() }), 'sup-spb-training');
    const open = await cw.refer(hivReferral({ district: 'spb-training', referredAt: new Date().toISOString() }));
    await closedYearsAgo(expired, 5.1); // the abandonment programme keeps a family five years after closure
    await closedYearsAgo(recent, 4.9); // the HIV programme too: this one is kept another while
    await eventually(async () => (await t.store.reportFacts.countDocuments({ caseId: expired })) >= 3, 'the expired case counted in the reports');
    const factsBefore = await t.store.reportFacts.countDocuments({ caseId: expired });
    const readable = (caseId: string) => cw.api('GET', `/cases/${caseId}`, caseId === expired ? 'sup-kz-training' : 'sup-spb-training');
    expect((await readable(expired)).body.family.erased).toBe(false);

    await t.temporal.schedule.getHandle('family-retention').trigger();
    const row = await eventually(async () => (await t.store.erasures.findById(expired).lean()) ?? undefined, 'the expired family erased', 60_000);
    const run = new Date().toISOString().slice(0, 10);
    expect(row).toMatchObject({ why: 'retention', by: 'continuum', run, programme: 'abandonment-prevention', district: 'kz-training' });

    // Erased: its key is gone and the case reads as erased; the reports' facts stay.
    expect(await t.store.caseKeys.findById(expired).lean()).toMatchObject({ wrapped: null });
    expect((await readable(expired)).body.family).toMatchObject({ erased: true, children: [] });
    expect(await t.store.reportFacts.countDocuments({ caseId: expired })).toBe(factsBefore);
    // Kept: the family closed less than five years ago, and the open one.
    for (const kept of [recent, open]) {
      expect(await t.store.erasures.exists({ _id: kept })).toBeNull();
      expect((await readable(kept)).body.family.erased).toBe(false);
    }

    // The run's report: in the audit trail (how many, by programme) and as the erasures report's rows.
    await t.auditSealed();
    const report = await eventually(async () => (await t.store.audit.findOne({ entryId: `retention/${run}` }).lean()) ?? undefined, 'the run reported');
    expect(report).toMatchObject({
      action: 'erase-family',
      actor: 'continuum',
      caseId: null,
      details: { run, more: false, 'abandonment-prevention': expect.any(Number) },
    });
    expect(report.details.erased).toBeGreaterThanOrEqual(1);
    const erasures = await keysCli(t, ['erasures', '--run', run]);
    const lines = erasures.stdout.trim().split(/\r?\n/); // (CSV lines end in CRLF)
    expect(lines[0]).toBe('caseId,programme,district,closedAt,erasedAt,why,by,run,workflowsEnded');
    expect(lines.find((l) => l.startsWith(expired))).toMatch(new RegExp(`^${expired},abandonment-prevention,kz-training,.*,retention,continuum,${run},\\d$`));
    expect(lines.some((l) => l.startsWith(recent) || l.startsWith(open))).toBe(false);
  });

  it('each stream keeps its messages as long as it needs them: the events ten years, dead letters a year, the audit trail until its officer decides', async () => {
    const days = async (stream: string) => (await t.jsm.streams.info(stream)).config.max_age / 86_400e9;
    expect({
      REFERRALS: await days('REFERRALS'),
      CASE_EVENTS: await days('CASE_EVENTS'),
      DEAD_LETTERS: await days('DEAD_LETTERS'),
      REPLAYS: await days('REPLAYS'),
      AUDIT: await days('AUDIT'),
    }).toEqual({ REFERRALS: 3653, CASE_EVENTS: 3653, DEAD_LETTERS: 365, REPLAYS: 30, AUDIT: 0 });
  });
});
