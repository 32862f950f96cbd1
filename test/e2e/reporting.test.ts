import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ConferenceTrigger, ReferralInput, StaffRole } from '@continuum/domain';
import { IndicatorList } from '../../services/reporting/src/api';
import { applyDelta, loadCells, opOf, settle, storedParts, sweepMarks, type Pending } from '../../services/reporting/src/cell-store';
import { cellKey } from '../../services/reporting/src/cells';
import { indicatorTable } from '../../services/reporting/src/indicator-table';
import { IndicatorsAnswer } from '../../services/reporting/src/indicators.routes';
import { quarterPeriod } from '../../services/reporting/src/period';
import { foldedTallies, loadDistricts, loadFacts, loadTallies } from '../../services/reporting/src/report-data';
import { QuarterlyReportAnswer } from '../../services/reporting/src/reports.routes';
import { casework } from '../harness/casework';
import { FORMS } from '../harness/forms';
import { streamMessages } from '../harness/nats-reader';
import { eventually, http, openTestSystem, type Api, type HttpAnswer, type OpenTestSystem } from '../harness/system';

/*
 * The reporting service through the real servers: a synthetic cohort of eight families, in two districts
 * of a city of its own (so other suites' cases never reach its numbers), driven to known outcomes through
 * the intake and casework APIs. District A is a pilot district on the real 2026.3 policies (deadlines in
 * days: nothing runs late while the test runs, unless referred long ago); district B joined later and runs
 * the drill policies (contacts every 3 s; its first contacts, referred a day ago, are always overdue).
 *
 * A1 HIV: referred 10 days ago (first contact late, escalated); two children test negative; closed successfully.
 * A2 HIV: her child tests positive (a conference, decided) and is then placed in care; still on follow-up.
 * A3 HIV: refuses at the first contact; closed as refused.
 * A4 KZ:  single mother in poverty; declares an intent to abandon (urgent conference decided, urgent visit made); the child stays.
 * A5 KZ:  referral rejected by the district.
 * A6 KZ:  not reached three times; closed as lost to follow-up.
 * B1 HIV: contacts reached, not reached, reached; her child tests negative; closed successfully.
 * B2 KZ:  intent to abandon on the referral (the urgent path); two of her three children placed in care; closed.
 */

const run = randomBytes(4).toString('hex');
const CITY = `Testgrad ${run}`;
const A = `rpt-a-${run}`;
const B = `rpt-b-${run}`;
const FACILITY = `rpt-maternity-${run}`;
const MOTHER = `Cohort Mother ${run}`;

interface Person {
  _id: string;
  roles: StaffRole[];
  districts: string[];
  discipline: string;
}
const person = (id: string, roles: StaffRole[], districts: string[], discipline = 'social-worker'): Person => ({
  _id: `${id}-${run}`,
  roles,
  districts,
  discipline,
});
const STAFF = {
  swA1: person('rpt-sw-a1', ['caseworker'], [A]),
  swA2: person('rpt-sw-a2', ['caseworker'], [A]),
  supA: person('rpt-sup-a', ['supervisor'], [A]),
  swB: person('rpt-sw-b', ['caseworker'], [B]),
  supB: person('rpt-sup-b', ['supervisor'], [B]),
  coordinator: person('rpt-coord', ['coordinator'], [A, B], 'coordinator'),
  specialist: person('rpt-doc', ['specialist'], [A], 'primary-care-doctor'),
};

const DAY_MS = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const quarter = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;

let t: OpenTestSystem;
let cw: ReturnType<typeof casework>;

beforeAll(async () => {
  t = await openTestSystem();
  cw = casework(t);
  const s = t.store;
  await s.districts.create([
    {
      _id: A,
      name: `Pilot district ${run}`,
      city: CITY,
      population: 40_000,
      pilot: true,
      policyVersions: { 'hiv-family-follow-up': 'spb-2026.3', 'abandonment-prevention': 'kz-2026.3' },
    },
    {
      _id: B,
      name: `Later district ${run}`,
      city: CITY,
      population: 10_000,
      pilot: false,
      policyVersions: { 'hiv-family-follow-up': 'spb-2026.3-drill', 'abandonment-prevention': 'kz-2026.3-drill' },
    },
  ]);
  await s.facilities.create({ _id: FACILITY, name: 'Cohort maternity ward', kind: 'maternity-ward', district: A, districts: [A, B] });
  for (const p of Object.values(STAFF)) await s.staff.create({ ...p, displayName: `Reporting test ${p._id}` });
});
afterAll(() => t.close());

// ---------- moves through the real APIs, as the cohort's own staff ----------

const tokenOf = (p: Person, api: Api = 'casework') => t.tokenFor(p._id, api);
const staffById = (id: string): Person => Object.values(STAFF).find((p) => p._id === id)!;

async function act(method: string, path: string, who: Person, body?: unknown, expected = [200, 202]): Promise<HttpAnswer> {
  const answer = await http(method, `${t.system.caseworkUrl}${path}`, { token: await tokenOf(who), body });
  if (!expected.includes(answer.status)) throw new Error(`${method} ${path} as ${who._id}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}
const complete = async (caseId: string, type: Parameters<typeof cw.openTask>[1], who: Person, form: unknown) => {
  const task = await cw.openTask(caseId, type);
  await act('POST', `/tasks/${task._id}/complete`, who, { form });
  return task;
};
const managerOf = async (caseId: string) =>
  staffById(await eventually(async () => (await t.store.cases.findById(caseId).lean())?.caseManager ?? undefined, `a case manager for ${caseId}`));
const stageIs = (caseId: string, stage: string) =>
  eventually(async () => (await t.store.cases.findById(caseId).lean())?.stage === stage, `${caseId} at ${stage}`, 60_000);
const historyHas = (caseId: string, type: string, n = 1) =>
  eventually(async () => (await t.store.caseHistory.countDocuments({ caseId, type })) >= n, `${n} × ${type} on ${caseId}`);
const report = (caseId: string, who: Person, event: Record<string, unknown>) =>
  act('POST', `/cases/${caseId}/events`, who, { event: { occurredOn: today, ...event } });

function referral(district: string, programme: ReferralInput['programme'], daysAgo: number, over: Partial<ReferralInput> = {}): ReferralInput {
  const hiv = programme === 'hiv-family-follow-up';
  return {
    referralId: `rpt-${randomUUID()}`,
    facilityId: FACILITY,
    district,
    programme,
    referredAt: new Date(Date.now() - daysAgo * DAY_MS).toISOString(),
    riskFactors: [],
    mother: { fullName: MOTHER, birthDate: '1999-03-14', ...(hiv ? { hivStatus: 'positive' as const } : {}) },
    children: [{ birthDate: '2026-11-01', sex: 'female', ...(hiv ? { hivExposed: true } : {}) }],
    ...(hiv ? { consent: { granted: true, scope: ['social-service'], signedOn: '2026-11-01', signedBy: 'mother' } } : {}),
    ...over,
  } as ReferralInput;
}

async function refer(r: ReferralInput, supervisor: Person | null, decision: unknown = FORMS.accept): Promise<string> {
  const caseId = await cw.refer(r);
  if (supervisor) await complete(caseId, 'referral-review', supervisor, decision);
  return caseId;
}

/** First contact (after its escalation when it was overdue from the start), needs, plan, approval: the family is in follow-up. */
async function toFollowUp(caseId: string, supervisor: Person, overdue = false): Promise<Person> {
  const manager = await managerOf(caseId);
  const first = await cw.openTask(caseId, 'first-contact');
  if (overdue)
    await eventually(
      async () => (await t.store.tasks.findById(first._id).lean())?.escalatedAt ?? undefined,
      `the overdue first contact of ${caseId} escalated`,
    );
  await complete(caseId, 'first-contact', manager, FORMS.firstContact);
  await complete(caseId, 'needs-assessment', manager, FORMS.needs([]));
  await complete(caseId, 'support-plan', manager, FORMS.plan);
  await complete(caseId, 'plan-approval', supervisor, FORMS.approve);
  await stageIs(caseId, 'follow-up');
  return manager;
}

async function close(caseId: string, proposer: Person, supervisor: Person, outcome: string): Promise<void> {
  const proposed = await act('POST', `/cases/${caseId}/closure`, proposer, { outcome, reason: 'reporting cohort: known outcome' });
  await act('POST', `/tasks/${proposed.body.taskId}/complete`, supervisor, { form: FORMS.approve });
  await stageIs(caseId, 'closed');
}

/** The chair decides without the quorum (the synthetic city has no partner professionals to seat). */
async function holdConference(caseId: string, trigger: ConferenceTrigger, chair: Person): Promise<void> {
  const conference = await cw.conference({ caseId, trigger }, `a ${trigger} conference of ${caseId}`);
  await act('POST', `/conferences/${conference._id}/decisions`, chair, {
    minutes: 'Cohort conference held.',
    proceedWithoutQuorum: 'the city has no partner professionals yet',
  });
  await eventually(async () => (await t.store.conferences.findById(conference._id).lean())?.state === 'decided', `${conference._id} decided`);
}

/** Completes the newest open contact once it is there (the drill opens the next one 3 s after the last). */
async function contact(caseId: string, manager: Person, outcome: 'reached' | 'not-reached', seen: Set<string>): Promise<void> {
  const task = await eventually(async () => {
    const open = await t.store.tasks.findOne({ caseId, type: 'contact', status: 'open' }).lean();
    return open && !seen.has(open._id) ? open : undefined;
  }, `a new contact of ${caseId}`);
  seen.add(task._id);
  await act('POST', `/tasks/${task._id}/complete`, manager, { form: { ...FORMS.contact, outcome } });
}

const cases: Record<string, string> = {};
const families = {
  async A1() {
    const id = (cases.A1 = await refer(
      referral(A, 'hiv-family-follow-up', 10, {
        riskFactors: ['single-mother'],
        children: [
          { birthDate: '2026-10-20', hivExposed: true },
          { birthDate: '2026-10-20', hivExposed: true },
        ],
      }),
      STAFF.supA,
    ));
    const manager = await toFollowUp(id, STAFF.supA, true);
    // Child 0 has only its 6-week PCR: not final. Child 1's antibody test at 18 months makes it final, once.
    await report(id, manager, { type: 'child-hiv-test-result', childIndex: 0, result: 'negative', test: 'pcr', milestone: '6-weeks' });
    await report(id, manager, { type: 'child-hiv-test-result', childIndex: 1, result: 'negative', test: 'pcr', milestone: '6-weeks' });
    await report(id, manager, { type: 'child-hiv-test-result', childIndex: 1, result: 'negative', test: 'antibody', milestone: '18-months' });
    await report(id, manager, { type: 'child-hiv-test-result', childIndex: 1, result: 'negative', test: 'antibody', milestone: 'unscheduled' });
    await historyHas(id, 'family-event:child-hiv-test-result', 4);
    await close(id, manager, STAFF.supA, 'completed-successfully');
  },
  async A2() {
    const id = (cases.A2 = await refer(
      referral(A, 'hiv-family-follow-up', 2, { riskFactors: ['single-mother'], children: [{ birthDate: '2026-10-01', hivExposed: true }] }),
      STAFF.supA,
    ));
    const manager = await toFollowUp(id, STAFF.supA);
    // A positive PCR, confirmed by a second one: a transmission.
    await report(id, manager, { type: 'child-hiv-test-result', childIndex: 0, result: 'positive', test: 'pcr', milestone: '6-weeks' });
    await report(id, manager, { type: 'child-hiv-test-result', childIndex: 0, result: 'positive', test: 'pcr', milestone: 'unscheduled' });
    await holdConference(id, 'child-hiv-positive', STAFF.supA);
    await report(id, manager, { type: 'child-placed-in-care', childIndex: 0 });
    await historyHas(id, 'family-event:child-placed-in-care');
  },
  async A3() {
    const id = (cases.A3 = await refer(referral(A, 'hiv-family-follow-up', 2), STAFF.supA));
    await complete(id, 'first-contact', await managerOf(id), { ...FORMS.firstContact, outcome: 'refused' });
    await complete(id, 'closure-approval', STAFF.supA, FORMS.approve);
    await stageIs(id, 'closed');
  },
  async A4() {
    const id = (cases.A4 = await refer(referral(A, 'abandonment-prevention', 2, { riskFactors: ['single-mother', 'poverty'] }), STAFF.supA));
    const manager = await toFollowUp(id, STAFF.supA);
    await report(id, manager, { type: 'intent-to-abandon' });
    await holdConference(id, 'intent-to-abandon', STAFF.supA);
    await contact(id, manager, 'reached', new Set());
  },
  async A5() {
    const id = (cases.A5 = await refer(referral(A, 'abandonment-prevention', 2, { riskFactors: ['teenage-mother'] }), STAFF.supA, FORMS.reject));
    await stageIs(id, 'closed');
  },
  async A6() {
    const id = (cases.A6 = await refer(referral(A, 'abandonment-prevention', 2, { riskFactors: ['unemployment'] }), STAFF.supA));
    const manager = await managerOf(id);
    const tried = new Set<string>();
    for (let attempt = 0; attempt < 3; attempt++) {
      const task = await eventually(
        async () => {
          const open = await t.store.tasks.findOne({ caseId: id, type: 'first-contact', status: 'open' }).lean();
          return open && !tried.has(open._id) ? open : undefined;
        },
        `attempt ${attempt + 1} of ${id}`,
      );
      tried.add(task._id);
      await act('POST', `/tasks/${task._id}/complete`, manager, { form: { ...FORMS.firstContact, outcome: 'not-reached' } });
    }
    await complete(id, 'closure-approval', STAFF.supA, FORMS.approve);
    await stageIs(id, 'closed');
  },
  async B1() {
    const id = (cases.B1 = await refer(referral(B, 'hiv-family-follow-up', 1, { riskFactors: ['single-mother'] }), STAFF.supB));
    const manager = await toFollowUp(id, STAFF.supB, true);
    const seen = new Set<string>();
    await contact(id, manager, 'reached', seen);
    await contact(id, manager, 'not-reached', seen);
    await contact(id, manager, 'reached', seen);
    await report(id, manager, { type: 'child-hiv-test-result', childIndex: 0, result: 'negative', test: 'antibody', milestone: '18-months' });
    await historyHas(id, 'family-event:child-hiv-test-result');
    await close(id, manager, STAFF.supB, 'completed-successfully');
  },
  async B2() {
    const children = [{ birthDate: '2026-11-10' }, { birthDate: '2020-01-01' }, { birthDate: '2025-06-01' }];
    // The urgent path: accepted at once, no review.
    const id = (cases.B2 = await refer(referral(B, 'abandonment-prevention', 1, { riskFactors: ['intent-to-abandon', 'no-housing'], children }), null));
    const manager = await toFollowUp(id, STAFF.supB, true);
    await report(id, manager, { type: 'child-placed-in-care', childIndex: 0 });
    await report(id, manager, { type: 'child-placed-in-care', childIndex: 1 });
    await historyHas(id, 'family-event:child-placed-in-care', 2);
    await close(id, manager, STAFF.supB, 'child-placed-in-care');
  },
};

// ---------- what the cohort must give ----------

const EXPECTED_A = {
  'followUp.openAtEnd': 2, // A2, A4
  'followUp.enrolled': 3, // A1, A2, A4
  closed: 3, // A1, A3, A6 (A5's rejection is not a closed case)
  'closed.completedSuccessfully': 1,
  'closed.completedSuccessfullyShare': 0.333,
  'covered.families': 5,
  'covered.people': 11, // A1 3, A2 2, A3 2, A4 2, A6 2
  'children.abandonedByHivPositiveMother': 1,
  'children.finalHivStatus': 2, // A1's child 1 (antibody test at 18 months), A2's child (two positive PCRs); not A1's child 0 (a 6-week PCR only)
  'children.hivTransmissions': 1,
  'children.hivTransmissionRate': 0.5,
  'children.enteredCare': 1,
  'children.enteredCare0to3': 1,
  'intentToAbandon.declared': 1,
  'intentToAbandon.families': 1,
  'intentToAbandon.childrenStayed': 1,
  'intentToAbandon.childrenPlaced': 0,
  'atRisk.families': 6,
  'atRisk.level.low': 4,
  'atRisk.level.medium': 2,
  'atRisk.level.high': 0,
  'atRisk.level.urgent': 0,
  'atRisk.factor.single-mother': 3,
  'atRisk.factor.poverty': 1,
  'atRisk.factor.teenage-mother': 1,
  'atRisk.factor.unemployment': 1,
  'atRisk.factor.intent-to-abandon': 1, // A4, screened again when she declared it
  'atRisk.factor.other': 0,
  'atRisk.cause.economic': 2,
  'atRisk.cause.family-support': 3,
  'atRisk.cause.young-age': 1,
  'atRisk.cause.health': 0,
  'atRisk.cause.declared-intent': 1,
  'staff.socialWorkers': 2,
  'staff.population': 40_000,
  'staff.socialWorkersPer10k': 0.5,
  'caseload.openCases': 2,
  'caseload.perWorker': 1,
  'firstContact.count': 4, // A1, A2, A3 (a refusal is a contact made), A4
  'firstContact.medianDays': 2,
  'firstContact.withinDeadline': 3,
  'firstContact.withinDeadlineShare': 0.75,
  'contacts.planned': 1,
  'contacts.done': 1,
  'contacts.doneShare': 1,
  'tasks.overdue': 1,
  'conferences.held': 2,
  'plan.medianDaysToApproval': 2,
};
const EXPECTED_B = {
  'followUp.openAtEnd': 0,
  'followUp.enrolled': 2,
  closed: 2,
  'closed.completedSuccessfully': 1,
  'closed.completedSuccessfullyShare': 0.5,
  'covered.families': 2,
  'covered.people': 6, // B1 2, B2 4
  'children.abandonedByHivPositiveMother': 0,
  'children.finalHivStatus': 1,
  'children.hivTransmissions': 0,
  'children.hivTransmissionRate': 0,
  'children.enteredCare': 2,
  'children.enteredCare0to3': 1,
  'intentToAbandon.declared': 1,
  'intentToAbandon.families': 1,
  'intentToAbandon.childrenStayed': 1,
  'intentToAbandon.childrenPlaced': 2,
  'atRisk.families': 2,
  'atRisk.level.low': 1,
  'atRisk.level.urgent': 1,
  'atRisk.factor.single-mother': 1,
  'atRisk.factor.intent-to-abandon': 1,
  'atRisk.factor.no-housing': 1,
  'atRisk.cause.economic': 1,
  'atRisk.cause.family-support': 1,
  'atRisk.cause.declared-intent': 1,
  'staff.socialWorkers': 1,
  'staff.population': 10_000,
  'staff.socialWorkersPer10k': 1,
  'caseload.openCases': 0,
  'caseload.perWorker': 0,
  'firstContact.count': 2,
  'firstContact.medianDays': 1,
  'firstContact.withinDeadline': 0, // the drill's deadline is seconds after a referral made yesterday
  'firstContact.withinDeadlineShare': 0,
  'contacts.planned': 3,
  'contacts.done': 2,
  'contacts.doneShare': 0.667,
  'tasks.overdue': 2,
  'conferences.held': 0,
  'plan.medianDaysToApproval': 1,
};

type Answer = {
  rows: Array<{ district?: string; programme?: string; policyVersion?: string | null; values: Record<string, number | null>; hidden: string[] }>;
  total: { values: Record<string, number | null>; hidden: string[] };
  suppression: { applied: boolean };
};
const indicators = async (who: Person, query: string): Promise<HttpAnswer<Answer>> =>
  http('GET', `${t.system.reportingUrl}/indicators?quarter=${quarter}&${query}`, { token: await tokenOf(who, 'reporting') });
const rowOf = (answer: Answer, district: string) => answer.rows.find((r) => r.district === district)?.values;
const matches = (values: Record<string, unknown> | undefined, expected: Record<string, unknown>) =>
  values !== undefined && Object.entries(expected).every(([k, v]) => values[k] === v);

/** Each district's own supervisor, unsuppressed: polled until the projection has caught up, then compared exactly. */
async function districtFigures(): Promise<{ a: Answer; b: Answer }> {
  let last: { a?: Answer; b?: Answer } = {};
  try {
    await eventually(
      async () => {
        last = {
          a: (await indicators(STAFF.supA, `district=${A}&groupBy=district`)).body,
          b: (await indicators(STAFF.supB, `district=${B}&groupBy=district`)).body,
        };
        return matches(rowOf(last.a!, A), EXPECTED_A) && matches(rowOf(last.b!, B), EXPECTED_B);
      },
      'the projection to give the expected indicators',
      60_000,
    );
  } finally {
    expect(rowOf(last.a!, A)).toMatchObject(EXPECTED_A);
    expect(rowOf(last.b!, B)).toMatchObject(EXPECTED_B);
  }
  return last as { a: Answer; b: Answer };
}

/** Everything the reports say about the cohort: both districts' own figures, the coordinator's and the city's report. */
async function everything() {
  const own = await districtFigures();
  const [byProgramme, coordinator, city, csv] = await Promise.all([
    indicators(STAFF.supA, `district=${A}&groupBy=district,programme,policyVersion`),
    indicators(STAFF.coordinator, `district=${A},${B}&groupBy=district`),
    http('GET', `${t.system.reportingUrl}/reports/quarterly?quarter=${quarter}&city=${encodeURIComponent(CITY)}&format=json`, {
      token: await tokenOf(STAFF.coordinator, 'reporting'),
    }),
    http('GET', `${t.system.reportingUrl}/indicators?quarter=${quarter}&district=${A}&format=csv`, { token: await tokenOf(STAFF.supA, 'reporting') }),
  ]);
  // Each answer is what its zod schema describes, and nothing more (parsing drops what it does not know).
  for (const answer of [own.a, own.b, byProgramme.body, coordinator.body]) expect(IndicatorsAnswer.parse(answer)).toEqual(answer);
  expect(QuarterlyReportAnswer.parse(city.body)).toEqual(city.body);
  const { generatedAt: _, ...cityReport } = city.body;
  return { own, byProgramme: byProgramme.body, coordinator: coordinator.body, city: cityReport, csv: csv.body as string };
}

/** The indicator cells of some districts as stored, without the marks of the deltas that made them (zeros say nothing). */
async function cellsOf(districts: string[]) {
  const docs = await t.store.reportCells
    .find({ district: { $in: districts } }, { ops: 0 })
    .sort({ _id: 1 })
    .lean();
  const nonZero = (xs: Record<string, number>) => Object.fromEntries(Object.entries(xs ?? {}).filter(([, n]) => n !== 0));
  return docs
    .map((d) => ({
      ...d,
      counts: nonZero(d.counts),
      ending: nonZero(d.ending),
      samples: Object.fromEntries(
        Object.entries((d.samples ?? {}) as Record<string, Record<string, number>>)
          .map(([k, h]) => [k, nonZero(h)])
          .filter(([, h]) => Object.keys(h as object).length),
      ),
    }))
    .filter((d) => Object.keys(d.counts).length + Object.keys(d.ending).length + Object.keys(d.samples).length > 0); // a cell whose cases all moved on
}

type RebuildSummary = { rebuilt: { facts: number; cases: number; tookMs: number; streams: Record<'REFERRALS' | 'CASE_EVENTS', { failed: number }> } };

/** Runs the rebuild command as an operator would, against the test's servers; `onDropped` runs once it has dropped the projection. */
function rebuild(onDropped?: () => Promise<unknown>): Promise<RebuildSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'services/reporting/src/rebuild.ts'], {
      env: { ...process.env, MONGO_URL: t.system.mongoUrl, NATS_URL: t.system.natsUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let meanwhile: Promise<unknown> = Promise.resolve();
    child.stdout.on('data', (chunk: Buffer) => {
      const before = stdout;
      stdout += chunk.toString();
      if (onDropped && !before.includes('projection dropped') && stdout.includes('projection dropped')) meanwhile = onDropped();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`rebuild exited ${code}\n${stdout}\n${stderr}`));
      meanwhile.then(() => resolve(JSON.parse(stdout.trim().split('\n').pop()!)), reject);
    });
  });
}

// ---------- the tests ----------

describe('reporting: a synthetic cohort with known outcomes', () => {
  let before: Awaited<ReturnType<typeof everything>>;

  it('gives exactly the expected indicators, district by district', async () => {
    const started = Date.now();
    await Promise.all(Object.values(families).map((drive) => drive()));
    const driven = Date.now();
    before = await everything();
    process.stderr.write(`[reporting] cohort of 8 driven in ${driven - started} ms; projection caught up ${Date.now() - driven} ms later\n`);

    // By programme and policy version: A's cases run the real 2026.3 policies.
    const rows = Object.fromEntries(before.byProgramme.rows.map((r) => [`${r.programme}|${r.policyVersion}`, r.values]));
    expect(Object.keys(rows).sort()).toEqual(['abandonment-prevention|kz-2026.3', 'hiv-family-follow-up|spb-2026.3']);
    expect(rows['hiv-family-follow-up|spb-2026.3']).toMatchObject({
      'atRisk.families': 3,
      closed: 2,
      'children.finalHivStatus': 2,
      'children.hivTransmissions': 1,
      'covered.people': 7,
    });
    expect(rows['abandonment-prevention|kz-2026.3']).toMatchObject({
      'atRisk.families': 3,
      closed: 1,
      'intentToAbandon.families': 1,
      'conferences.held': 1,
      'covered.people': 4,
    });
    // The total is counted from the facts, not added up: its medians are over every sample.
    expect(before.own.a.total.values).toMatchObject({ 'atRisk.families': 6, 'firstContact.medianDays': 2 });
    expect(before.own.a.suppression.applied).toBe(false);

    // The CSV is the same table.
    const [header, line] = before.csv
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const csvRow = Object.fromEntries(header!.map((h, i) => [h, line![i]]));
    expect(csvRow).toMatchObject({ district: A, programme: 'abandonment-prevention', 'atRisk.families': '3', 'conferences.held': '1' });
  }, 300_000);

  it('suppresses small counts outside the district, with complementary suppression', async () => {
    // A supervisor asking beyond her district, and the coordinator, get suppressed figures.
    expect((await indicators(STAFF.supA, `district=${A},${B}`)).body.suppression.applied).toBe(true);
    const c = before.coordinator;
    expect(c.suppression.applied).toBe(true);
    const a = c.rows.find((r) => r.district === A)!;
    const b = c.rows.find((r) => r.district === B)!;
    // Families at risk: B's 2 is hidden; the total (8) would then give it away, so A's 6 is hidden too.
    expect([a.values['atRisk.families'], b.values['atRisk.families'], c.total.values['atRisk.families']]).toEqual([null, null, 8]);
    expect(a.hidden).toContain('atRisk.families');
    // People covered: 11 and 6, both shown, with their total.
    expect([a.values['covered.people'], b.values['covered.people'], c.total.values['covered.people']]).toEqual([11, 6, 17]);
    // Conferences: A's 2 and the total 2 are below 5; B's 0 says nothing and stays.
    expect([a.values['conferences.held'], b.values['conferences.held'], c.total.values['conferences.held']]).toEqual([null, 0, null]);
    // A median over fewer than 5 samples is hidden; over the 6 first contacts of the total it is shown.
    expect([a.values['firstContact.medianDays'], c.total.values['firstContact.medianDays']]).toEqual([null, 2]);
    // Reference data is never hidden.
    expect(a.values['staff.socialWorkersPer10k']).toBe(0.5);

    // The city's quarterly report: districts, pilot against later, the city. A is the only pilot district,
    // so its subtotal is A itself: hidden with A.
    const hiv = before.city.programmes.find((p: { programme: string }) => p.programme === 'hiv-family-follow-up');
    const people = Object.fromEntries(hiv.rows.map((r: { id: string; values: Record<string, number | null> }) => [r.id, r.values['covered.people']]));
    expect(people).toEqual({ [A]: null, [B]: null, pilot: null, later: null, city: 9 });

    // The page itself: tables, inline charts, no script, no external asset, no personal data.
    const page = await fetch(`${t.system.reportingUrl}/reports/quarterly?quarter=${quarter}&city=${encodeURIComponent(CITY)}`, {
      headers: { authorization: `Bearer ${await tokenOf(STAFF.coordinator, 'reporting')}` },
    });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain(`<td data-row="city" data-indicator="covered.people" class="total">9</td>`);
    expect(html).toContain(`<td data-row="${A}" data-indicator="covered.people" class="s" title="suppressed">s</td>`);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|src=|href=/i);
    for (const text of [html, JSON.stringify(before), before.csv]) {
      expect(text).not.toContain(MOTHER);
      expect(text).not.toContain('1999-03-14');
    }
  });

  it('refuses what it must: no token, a specialist, a bad query', async () => {
    expect((await http('GET', `${t.system.reportingUrl}/indicators`)).status).toBe(401);
    expect((await indicators(STAFF.specialist, `district=${A}`)).status).toBe(403);
    const bad = await http('GET', `${t.system.reportingUrl}/indicators?quarter=2026-Q5&groupBy=facility`, { token: await tokenOf(STAFF.supA, 'reporting') });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['groupBy', 'quarter']);
    expect((await indicators(STAFF.supA, 'district=nowhere-at-all')).status).toBe(400);
    expect(
      (await http('GET', `${t.system.reportingUrl}/reports/quarterly?city=Atlantis`, { token: await tokenOf(STAFF.coordinator, 'reporting') })).status,
    ).toBe(404);
    const doc = await http('GET', `${t.system.reportingUrl}/openapi.json`);
    expect(Object.keys(doc.body.paths).sort()).toEqual(['/indicators', '/reports/quarterly']);
    expect(IndicatorList.parse(doc.body['x-indicators'])).toEqual(doc.body['x-indicators']);
  });

  it('keeps in its indicator cells what folding the cases gives', async () => {
    const now = new Date();
    const period = quarterPeriod(quarter);
    const districts = await loadDistricts(t.store, { ids: [A, B] });
    const q = { districts, groupBy: ['district', 'programme', 'policyVersion'] as const };
    const folded = indicatorTable(foldedTallies(await loadFacts(t.store, [A, B]), period, now), q);
    const fromCells = indicatorTable(await loadTallies(t.store, [A, B], period, now), q);
    expect(fromCells).toEqual(folded);
    expect(folded.total.values['atRisk.families']).toBe(6 + EXPECTED_B['atRisk.families']);
  });

  it('a rebuild from the start of the streams gives the same numbers, and the same cells', async () => {
    const cellsBefore = await cellsOf([A, B]);
    const started = Date.now();
    const summary = await rebuild();
    process.stderr.write(
      `[reporting] rebuild: ${summary.rebuilt.facts} facts, ${summary.rebuilt.cases} cases in ${summary.rebuilt.tookMs} ms (command ${Date.now() - started} ms)\n`,
    );
    expect(summary.rebuilt.streams.CASE_EVENTS.failed).toBe(0);
    expect(summary.rebuilt.streams.REFERRALS.failed).toBe(0);
    expect(summary.rebuilt.cases).toBeGreaterThanOrEqual(8);
    expect(await everything()).toEqual(before);
    expect(await cellsOf([A, B])).toEqual(cellsBefore);
  }, 200_000);

  it('a redelivered or duplicated event changes no count', async () => {
    const js = t.nats.jetstream();
    const jsm = await t.nats.jetstreamManager();
    const cohort = new Set(Object.values(cases));
    const copies = (await streamMessages(t.nats, 'CASE_EVENTS'))
      .map((m) => ({ ...m, event: JSON.parse(m.text) as { caseId: string; eventId: string; type: string; eventType?: string; taskType?: string } }))
      .filter((m) => cohort.has(m.event.caseId))
      .filter((m) =>
        ['case.closed', 'case.family-event', 'task.completed', 'task.created', 'task.escalated', 'conference.decided', 'case.stage-changed'].includes(
          m.event.type,
        ),
      );
    expect(copies.length).toBeGreaterThan(20);

    /** Publishes the copies under new message ids (JetStream would drop the same id), and waits until the consumer has acknowledged them. */
    async function republish(tag: string) {
      let lastSeq = 0;
      for (const m of copies) lastSeq = (await js.publish(m.subject, new TextEncoder().encode(m.text), { msgID: `${m.event.eventId}/${tag}` })).seq;
      await eventually(
        async () => (await jsm.consumers.info('CASE_EVENTS', 'reporting-case-events')).ack_floor.stream_seq >= lastSeq,
        'the copies acknowledged',
      );
    }

    // Redelivered: the consumer knows the event ids, and skips them.
    await republish('copy-1');
    expect(await everything()).toEqual(before);

    // Applied again past the consumer's check (its stored facts deleted first): each is one insert, by event id.
    const ids = copies.map((m) => m.event.eventId);
    const stored = (await t.store.reportFacts.find({ _id: { $in: ids } }, { _id: 1 }).lean()).map((f) => f._id).sort();
    expect(stored.length).toBeGreaterThan(15);
    await t.store.reportFacts.deleteMany({ _id: { $in: stored } });
    await republish('copy-2');
    await republish('copy-3');
    expect((await t.store.reportFacts.find({ _id: { $in: ids } }, { _id: 1 }).lean()).map((f) => f._id).sort()).toEqual(stored);
    expect(await everything()).toEqual(before);
  }, 120_000);

  it('a rebuild while the service consumes new events ends with the right numbers', async () => {
    // A2's team meets again, its decisions recorded while the rebuild replays the streams.
    const open = await t.store.conferences.findOne({ caseId: cases.A2, state: { $nin: ['decided', 'cancelled'] } }).lean();
    const conferenceId =
      open?._id ?? (await act('POST', `/cases/${cases.A2}/conferences`, STAFF.supA, { reason: 'review of the placement' })).body.conferenceId;
    const summary = await rebuild(() =>
      act('POST', `/conferences/${conferenceId}/decisions`, STAFF.supA, {
        minutes: 'Placement reviewed.',
        proceedWithoutQuorum: 'the city has no partner professionals yet',
      }),
    );
    expect(summary.rebuilt.streams.CASE_EVENTS.failed).toBe(0);
    const expected = { ...EXPECTED_A, 'conferences.held': 3 };
    const a = await eventually(
      async () => {
        const values = rowOf((await indicators(STAFF.supA, `district=${A}&groupBy=district`)).body, A);
        return matches(values, expected) && values;
      },
      'the third conference counted',
      30_000,
    ).catch(async () => rowOf((await indicators(STAFF.supA, `district=${A}&groupBy=district`)).body, A));
    expect(a).toMatchObject(expected);
    expect(rowOf((await indicators(STAFF.supB, `district=${B}&groupBy=district`)).body, B)).toMatchObject(EXPECTED_B);
  }, 200_000);
});

describe('reporting: indicator cells under crashes and races', () => {
  it('settle a pending delta once, however often it is settled and by however many at once', async () => {
    const caseId = `cells-${run}`;
    const place = { programme: 'hiv-family-follow-up', district: `cells-d-${run}`, policyVersion: 'spb-2026.3' };
    const part = { ...place, quarter: '2026-Q4', counts: { 'covered.families': 1 }, ending: {}, samples: { 'firstContact.days': { 3: 1 } } };
    const pending: Pending = { op: opOf(caseId, 3, 1), at: new Date(), delta: storedParts(new Map([[cellKey(place, '2026-Q4'), part]])) };
    await t.store.reportCases.create({
      _id: caseId,
      programme: place.programme,
      districtsSeen: [place.district],
      factCount: 3,
      facts: {},
      foldedAt: new Date(),
      hasPending: true,
      pending,
    });
    // Three processes find it at once (a start, the keeper, a writer), and one that crashed before clearing it tries again.
    await Promise.all([settle(t.store, caseId, pending), settle(t.store, caseId, pending), settle(t.store, caseId, pending)]);
    await applyDelta(t.store, pending);
    const [cell] = await loadCells(t.store, [place.district], '2026-Q4', new Date('2026-12-01T00:00:00Z'));
    expect(cell).toMatchObject({ counts: { 'covered.families': 1 }, samples: { 'firstContact.days': { 3: 1 } } });
    expect(await t.store.reportCases.countDocuments({ _id: caseId, hasPending: true })).toBe(0);
    // Its mark goes once it is old and settled; a new delta of the same case then counts.
    expect(await sweepMarks(t.store, -1, { district: place.district })).toBe(1);
    await applyDelta(t.store, { ...pending, op: opOf(caseId, 4, 2) });
    const [again] = await loadCells(t.store, [place.district], '2026-Q4', new Date('2026-12-01T00:00:00Z'));
    expect(again!.counts['covered.families']).toBe(2);
  });
});
