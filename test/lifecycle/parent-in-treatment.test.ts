import { randomBytes, randomUUID } from 'node:crypto';
import { casework } from '../harness/casework';
import { FORMS } from '../harness/forms';
import { driveToFollowUp } from '../harness/lifecycle';
import { caseEvents } from '../harness/nats-reader';
import { eventually, http, type OpenTestSystem, openTestSystem } from '../harness/system';

/**
 * The test programme (packages/programmes/src/parent-in-treatment), whole, through the real servers, in a
 * district this test sets up to run it: its own task (the treatment check, opened after each contact that
 * reached the family), its own reaction (a relapse sends a caseworker at once) and its own indicator
 * (relapses found). Nothing outside its folder and the registry's line names it.
 */
const run = randomBytes(4).toString('hex');
const DISTRICT = `pit-${run}`;
const FACILITY = `pit-clinic-${run}`;
const CASEWORKER = `pit-sw-${run}`;
const SUPERVISOR = `pit-sup-${run}`;

const referral = (overrides: Record<string, unknown> = {}) => ({
  referralId: `test-${randomUUID()}`,
  facilityId: FACILITY,
  district: DISTRICT,
  programme: 'parent-in-treatment',
  referredAt: new Date().toISOString(),
  riskFactors: ['poverty'],
  mother: { fullName: 'Test Mother', birthDate: '1995-03-14' },
  children: [{ birthDate: '2024-06-01', sex: 'female' }],
  // Without it, staff would see the treatment check as a contact, as they see every revealing code.
  consent: { granted: true, scope: ['social-service'], signedOn: '2026-12-01', signedBy: 'mother' },
  ...overrides,
});
/** The tasks a completion's answer says it opened, as stored. */
const openedBy = (t: OpenTestSystem, answer: { body: { opened?: Array<{ taskId: string }> } }) =>
  t.store.tasks.find({ _id: { $in: (answer.body.opened ?? []).map((o) => o.taskId) } }).lean();
const check = (treatment: string) => ({ checkedAt: '2026-12-02T09:00:00Z', treatment });

describe('parent-in-treatment (a programme only the tests run): a family from referral to a relapse', () => {
  let t: OpenTestSystem;
  let cw: ReturnType<typeof casework>;
  let caseId: string;
  let treatmentCheck: string;
  beforeAll(async () => {
    t = await openTestSystem();
    cw = casework(t);
    await t.store.districts.create({
      _id: DISTRICT,
      name: `Treatment pilot ${run}`,
      city: `Testgrad ${run}`,
      population: 10_000,
      policyVersions: { 'parent-in-treatment': 'pit-2026.1-drill' },
    });
    await t.store.facilities.create({ _id: FACILITY, name: 'Test polyclinic', kind: 'polyclinic', district: DISTRICT, districts: [DISTRICT, 'kz-training'] });
    await t.store.staff.create([
      { _id: CASEWORKER, displayName: 'Test caseworker', roles: ['caseworker'], districts: [DISTRICT], discipline: 'social-worker' },
      { _id: SUPERVISOR, displayName: 'Test supervisor', roles: ['supervisor'], districts: [DISTRICT], discipline: 'social-worker' },
    ]);
  });
  afterAll(() => t.close());

  it('is refused in a district that does not run it, naming the programme', async () => {
    const refused = await t.postReferral(referral({ district: 'kz-training' }));
    expect(refused.status).toBe(400);
    expect(refused.body.issues).toEqual([{ path: 'programme', message: 'this district does not run this programme' }]);
  });

  it('follows the family to long-term follow-up, then opens its own treatment check after a contact that reached the family', async () => {
    ({ caseId } = await driveToFollowUp(t, referral(), { supervisor: SUPERVISOR }));
    expect(await t.store.cases.findById(caseId).lean()).toMatchObject({
      programme: 'parent-in-treatment',
      policyVersion: 'pit-2026.1-drill',
      riskLevel: 'low', // the needs assessment found no risk factor
    });
    const contact = await cw.openTask(caseId, 'contact');
    const answer = await cw.complete(contact._id, CASEWORKER, FORMS.contact);
    expect(answer.status).toBe(200);
    const opened = await openedBy(t, answer);
    expect(opened.map((task) => task.type)).toEqual(['treatment-check']);
    treatmentCheck = opened[0]!._id;
  });

  it('calls the treatment check a contact on the bus: its own name would tell of drug treatment', async () => {
    const created = await eventually(
      async () => (await caseEvents(t.nats, caseId)).find((e) => e.type === 'task.created' && e.taskId === treatmentCheck),
      'the treatment check on the bus',
    );
    expect(created).toMatchObject({ taskType: 'contact' });
  });

  it('takes only the answers its form lists', async () => {
    const wrong = await cw.complete(treatmentCheck, CASEWORKER, check('maybe'));
    expect(wrong.status).toBe(400);
    expect(wrong.body.issues.map((i: { path: string }) => i.path)).toEqual(['treatment']);
    expect(await t.store.tasks.findById(treatmentCheck).lean()).toMatchObject({ status: 'open' });
  });

  it('sends a caseworker at once when the check finds a relapse, and screens the risk again', async () => {
    const answer = await cw.complete(treatmentCheck, CASEWORKER, check('relapse'));
    expect(answer.status).toBe(200);
    const opened = await openedBy(t, answer);
    expect(opened.map((task) => [task.type, task.subject])).toEqual([['contact', 'relapse-visit']]);
    // Substance use weighs 3: medium, from low.
    await eventually(async () => (await t.store.cases.findById(caseId).lean())?.riskLevel === 'medium', 'the case at medium risk');
  });

  it("counts the relapse in its own indicator, in its district's figures", async () => {
    const token = await t.tokenFor(SUPERVISOR, 'reporting');
    const quarter = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
    const values = await eventually(async () => {
      const answer = await http('GET', `${t.system.reportingUrl}/indicators?quarter=${quarter}&district=${DISTRICT}&programme=parent-in-treatment`, { token });
      const row = answer.body.rows?.[0]?.values;
      return row?.['treatment.relapses'] === 1 && row;
    }, 'the relapse counted');
    expect(values).toMatchObject({ 'treatment.relapses': 1, 'followUp.enrolled': 1, 'contacts.done': 1 });
  });
});
