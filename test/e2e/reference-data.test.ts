import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { exportReferenceData, importReferenceData } from '@continuum/store';
import { loadDistricts } from '../../services/reporting/src/report-data';
import { pickCaseManager } from '../../services/worker/src/workload';
import { STAFF_HANDOVER_SCHEDULE } from '@continuum/workflows/staff-handover';
import { casework } from '../harness/casework';
import { caseEvents } from '../harness/nats-reader';
import { abandonmentReferral } from '../harness/referrals';
import { eventually, http, openTestSystem, type OpenTestSystem } from '../harness/system';

/**
 * A city set up from a file: the reference-data import (the CLI's and the demo data's one path) against the
 * real store. Every row is checked before anything is written; the same file again writes nothing; each
 * change is audited with who made it and which fields.
 */
const run = randomBytes(4).toString('hex');
const CITY = `Refgrad ${run}`;
const D1 = `ref-a-${run}`;
const D2 = `ref-b-${run}`;

const cityFile = () => ({
  cities: [{ name: CITY }],
  districts: [
    { id: D1, name: 'Central', city: CITY, population: 120_000, phase: 'pilot', startedOn: '2026-01-15', programmes: { 'hiv-family-follow-up': 'spb-2026.4' } },
    { id: D2, name: 'Riverside', city: CITY, population: 80_000 },
  ],
  facilities: [{ id: `ref-maternity-${run}`, name: 'Maternity ward No. 1', kind: 'maternity-ward', district: D1, districts: [D1, D2] }],
  staff: [
    { id: `ref-sw-${run}`, displayName: 'Social worker', roles: ['caseworker'], districts: [D1], discipline: 'social-worker', caseloadCap: 25 },
    {
      id: `ref-sup-${run}`,
      displayName: 'Supervisor',
      roles: ['supervisor'],
      districts: [D1, D2],
      discipline: 'social-worker',
      absences: [{ from: '2027-01-10', to: '2027-01-20', reason: 'leave' }],
      delegate: `ref-sw-${run}`,
    },
  ],
});

let t: OpenTestSystem;
beforeAll(async () => {
  t = await openTestSystem();
});
afterAll(() => t.close());

describe('importing reference data', () => {
  it('refuses a file with wrong rows, naming each, and writes nothing of it', async () => {
    const file = cityFile();
    file.districts.push({ id: `ref-c-${run}`, name: 'Nowhere', city: 'Atlantis', population: 10 });
    (file.districts[0]!.programmes as Record<string, string>)['hiv-family-follow-up'] = 'kz-2026.3';
    file.staff.push({ ...file.staff[0]!, displayName: 'Twin' }); // the same id again
    file.staff[1]!.delegate = 'nobody-here';
    const result = await importReferenceData(t.store, file, { by: 'ops-1', audit: t.audit });
    expect(result.applied).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        {
          row: `districts[0] (${D1})`,
          path: 'programmes.hiv-family-follow-up',
          field: 'districts.0.programmes.hiv-family-follow-up',
          message: 'kz-2026.3 is a policy of abandonment-prevention',
        },
        { row: `staff[2] (ref-sw-${run})`, path: 'id', field: 'staff.2.id', message: `ref-sw-${run} is in the file twice` },
        { row: `staff[1] (ref-sup-${run})`, path: 'delegate', field: 'staff.1.delegate', message: 'no staff member nobody-here' },
      ]),
    );
    expect(await t.store.districts.countDocuments({ _id: { $in: [D1, D2] } })).toBe(0);
    expect(await t.store.staff.countDocuments({ _id: `ref-sw-${run}` })).toBe(0);
  });

  it('names a district whose city is nowhere', async () => {
    const result = await importReferenceData(
      t.store,
      { districts: [{ id: `ref-c-${run}`, name: 'Nowhere', city: 'Atlantis', population: 10 }] },
      { by: 'ops-1', audit: t.audit },
    );
    expect(result.errors).toEqual([
      { row: `districts[0] (ref-c-${run})`, path: 'city', field: 'districts.0.city', message: 'no city Atlantis: list it under cities' },
    ]);
  });

  it('sets a city up from a good file, each row audited, and the same file again changes nothing', async () => {
    const first = await importReferenceData(t.store, cityFile(), { by: 'ops-1', audit: t.audit });
    expect(first).toMatchObject({ applied: true, errors: [], updated: [], unchanged: 0 });
    expect(first.created).toHaveLength(6);
    expect(await t.store.districts.findById(D1).lean()).toMatchObject({
      city: CITY,
      pilot: true,
      startedOn: '2026-01-15',
      policyVersions: { 'hiv-family-follow-up': 'spb-2026.4' },
    });
    expect(await t.store.staff.findById(`ref-sup-${run}`).lean()).toMatchObject({
      delegate: `ref-sw-${run}`,
      absences: [{ from: '2027-01-10', to: '2027-01-20', reason: 'leave' }],
    });
    await t.auditSealed();
    expect(await t.store.audit.countDocuments({ action: 'change-reference-data', actor: 'ops-1', 'details.id': { $in: [D1, D2] } })).toBe(2);

    const again = await importReferenceData(t.store, cityFile(), { by: 'ops-1', audit: t.audit });
    expect(again).toMatchObject({ applied: true, created: [], updated: [], unchanged: 6 });
  });

  it('writes only what changed, and audits which fields', async () => {
    const file = cityFile();
    file.districts[1]!.population = 81_500;
    const result = await importReferenceData(t.store, file, { by: 'ops-2', audit: t.audit });
    expect(result).toMatchObject({ created: [], updated: [`districts/${D2}`], unchanged: 5 });
    await t.auditSealed();
    expect(await t.store.audit.findOne({ actor: 'ops-2', 'details.id': D2 }).lean()).toMatchObject({
      details: { change: 'updated', fields: ['population'] },
    });
  });

  it('exports what is stored as a file the import takes back: this city unchanged, and a second round changes nothing', async () => {
    // A district written before cities were stored (as other tests write theirs) names a city with no row.
    await t.store.districts.create({ _id: `ref-old-${run}`, name: 'Old', city: `Oldgrad ${run}`, population: 5 });
    const exported = await exportReferenceData(t.store);
    expect(exported.districts).toEqual(expect.arrayContaining([expect.objectContaining({ id: D2, population: 81_500, phase: 'later' })]));
    // Rows other tests wrote by hand (not through the import) may be written once in the import's own form
    // (a facility without its list of districts gets [its district]); this city's rows are not touched.
    const back = await importReferenceData(t.store, exported, { by: 'ops-1', audit: t.audit });
    expect(back).toMatchObject({ applied: true, errors: [] });
    // Such cities get their row; nothing else is created.
    expect(back.created).toContain(`cities/Oldgrad ${run}`);
    expect(back.created.filter((id) => !id.startsWith('cities/'))).toEqual([]);
    expect(back.updated.filter((id) => id.includes(run) && !id.includes(`ref-old-${run}`))).toEqual([]);
    const again = await importReferenceData(t.store, await exportReferenceData(t.store), { by: 'ops-1', audit: t.audit });
    expect(again).toMatchObject({ applied: true, errors: [], created: [], updated: [] });
  });
});

describe("a city's admin, through the casework API", () => {
  const ADMIN = `ref-admin-${run}`;
  const NEW = `ref-new-${run}`;
  const api = async (method: string, path: string, staff: string, body?: unknown) =>
    http(method, `${t.system.caseworkUrl}${path}`, { token: await t.tokenFor(staff), body });
  const newCaseworker = { id: NEW, displayName: 'New social worker', roles: ['caseworker'], districts: [D2], discipline: 'social-worker' };

  beforeAll(async () => {
    // The operator sets the city up and names its admin (the CLI's path); the admin keeps it from then on.
    const file = { ...cityFile(), staff: [...cityFile().staff, { id: ADMIN, displayName: 'Admin', roles: ['admin'], districts: [D1], discipline: 'admin' }] };
    expect(await importReferenceData(t.store, file, { by: 'ops-1', audit: t.audit })).toMatchObject({ applied: true });
  });

  it("gives her cities' reference data, and nothing of another city", async () => {
    const answer = await api('GET', '/reference-data', ADMIN);
    expect(answer.status).toBe(200);
    expect(answer.body.cities).toEqual([{ name: CITY, training: false }]);
    expect(answer.body.districts.map((d: { id: string }) => d.id).sort()).toEqual([D1, D2]);
    expect(answer.body.staff.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([ADMIN, `ref-sw-${run}`]));
    expect(answer.body.staff.map((s: { id: string }) => s.id)).not.toContain('sw-nevsky-1');
    expect(answer.body.facilities.map((f: { id: string }) => f.id)).toEqual([`ref-maternity-${run}`]);
  });

  it('adds a caseworker who can work at once; a dry run writes nothing; the same rows again change nothing', async () => {
    const dry = await api('POST', '/reference-data?dryRun=true', ADMIN, { staff: [newCaseworker] });
    expect(dry).toMatchObject({ status: 200, body: { applied: false, created: [`staff/${NEW}`] } });
    expect(await t.store.staff.countDocuments({ _id: NEW })).toBe(0);

    const done = await api('POST', '/reference-data', ADMIN, { staff: [newCaseworker] });
    expect(done).toMatchObject({ status: 200, body: { applied: true, created: [`staff/${NEW}`], updated: [], unchanged: 0 } });
    expect((await api('GET', '/tasks', NEW)).status).toBe(200);
    await t.auditSealed();
    expect(await t.store.audit.findOne({ actor: ADMIN, action: 'change-reference-data', 'details.id': NEW }).lean()).toMatchObject({
      details: { section: 'staff', change: 'created' },
    });
    const again = await api('POST', '/reference-data', ADMIN, { staff: [newCaseworker] });
    expect(again.body).toMatchObject({ created: [], updated: [], unchanged: 1 });
  });

  it('refuses rows outside her cities, ops, and her own row, naming each, and writes none of the file', async () => {
    const other = { ...newCaseworker, id: `ref-other-${run}` };
    const answer = await api('POST', '/reference-data', ADMIN, {
      staff: [
        other,
        { ...newCaseworker, districts: [D2, 'spb-nevsky'] },
        { ...newCaseworker, id: 'sw-nevsky-1', districts: [D1] },
        { ...newCaseworker, id: `ref-ops-${run}`, roles: ['ops'] },
        { ...newCaseworker, id: ADMIN, roles: ['admin', 'supervisor'] },
      ],
      districts: [{ id: `ref-x-${run}`, name: 'Annexed', city: 'St. Petersburg', population: 1 }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(
      ['districts.0.city', 'staff.1.districts.1', 'staff.2.id', 'staff.3.roles.0', 'staff.4.id'].sort(),
    );
    expect(await t.store.staff.countDocuments({ _id: other.id })).toBe(0);
  });

  it('is for admins only, and an admin sees no case', async () => {
    expect((await api('POST', '/reference-data', `ref-sup-${run}`, { staff: [newCaseworker] })).status).toBe(403);
    expect((await api('GET', '/reference-data', `ref-sw-${run}`)).status).toBe(403);
    expect((await api('GET', '/cases', ADMIN)).status).toBe(403);
  });
});

describe('staff over time', () => {
  const H = `ref-h-${run}`;
  const [A, B, S] = ['a', 'b', 'sup'].map((x) => `ref-h-${x}-${run}`) as [string, string, string];
  const clinic = `ref-clinic-h-${run}`;
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const worker = (id: string, extra: object = {}) => ({
    id,
    displayName: 'Social worker',
    roles: ['caseworker'],
    districts: [H],
    discipline: 'social-worker',
    ...extra,
  });
  const sweep = () => t.temporal.schedule.getHandle(STAFF_HANDOVER_SCHEDULE).trigger();
  const handedOver = async (caseId: string, type: string) => (await caseEvents(t.nats, caseId)).filter((e) => e.type === type);

  beforeAll(async () => {
    const file = {
      districts: [{ id: H, name: 'Harbour', city: CITY, population: 1_000 }],
      facilities: [{ id: clinic, name: 'Harbour polyclinic', kind: 'polyclinic', district: H, districts: [H] }],
      staff: [worker(A, { delegate: B }), worker(B), { id: S, displayName: 'Supervisor', roles: ['supervisor'], districts: [H], discipline: 'social-worker' }],
    };
    expect(await importReferenceData(t.store, file, { by: 'ops-1', audit: t.audit })).toMatchObject({ applied: true, errors: [] });
  });

  it('a long absence hands her cases to her delegate; when he leaves with nobody free, his tasks go to the pool and the supervisor is told', async () => {
    const cw = casework(t);
    const caseId = await cw.referAndAccept(abandonmentReferral({ district: H, facilityId: clinic, referredAt: new Date().toISOString() }), S);
    const firstContact = await eventually(
      async () => (await t.store.tasks.findOne({ caseId, type: 'first-contact', status: 'open' }).lean()) ?? undefined,
      'the first contact',
    );
    expect(firstContact.assigneeId).toBe(A); // the fewest cases, then by id

    // Away for a week from today: the sweep gives her case to her delegate, through the case's own reassignment.
    await importReferenceData(
      t.store,
      { staff: [worker(A, { delegate: B, absences: [{ from: day(0), to: day(6), reason: 'leave' }] })] },
      { by: 'ops-1', audit: t.audit },
    );
    await sweep();
    await eventually(async () => (await t.store.cases.findById(caseId).lean())?.caseManager === B, 'the delegate managing the case');
    // The case's open tasks follow its manager a moment later (the same activity, one write after the other).
    await eventually(async () => (await t.store.tasks.findById(firstContact._id).lean())?.assigneeId === B, 'the first contact with the delegate');
    expect(await t.vault.openWithin(caseId, await t.store.caseHistory.findOne({ caseId, type: 'case-assigned', by: 'continuum' }).lean())).toMatchObject({
      details: { caseManager: B, reason: `${A} is away` },
    });
    expect(await eventually(async () => (await handedOver(caseId, 'case.handed-over'))[0], 'the supervisors told')).toMatchObject({
      from: A,
      to: B,
      why: 'away',
    });

    // He leaves; she is still away and nobody else works there: the case waits for a supervisor, his task is the pool's.
    await importReferenceData(t.store, { staff: [worker(B, { active: false })] }, { by: 'ops-1', audit: t.audit });
    await sweep();
    await eventually(async () => (await t.store.tasks.findById(firstContact._id).lean())?.assigneeId === null, 'the task in the pool');
    const told = await eventually(async () => {
      const events = await handedOver(caseId, 'case.handed-over');
      return events.length === 2 && events;
    }, 'the second handover told');
    expect(told[1]).toMatchObject({ from: B, to: null, why: 'left' });
    expect(await eventually(async () => (await handedOver(caseId, 'task.handed-over'))[0], 'the task told')).toMatchObject({
      taskId: firstContact._id,
      from: B,
      to: null,
      why: 'left',
    });
    // A sweep with nothing left to move tells nobody again.
    await sweep();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await handedOver(caseId, 'task.handed-over')).toHaveLength(1);
    expect(await handedOver(caseId, 'case.handed-over')).toHaveLength(2); // the same day's event: dropped as a copy
  });
});

describe('the training city', () => {
  it('holds the training districts, and no report of a real city, nor the default one, includes them', async () => {
    const ids = async (where?: { city?: string }) => (await loadDistricts(t.store, where)).map((d) => d.id);
    expect(await t.store.cities.findById('Training').lean()).toMatchObject({ training: true });
    expect(await ids({ city: 'Training' })).toEqual(['kz-training', 'spb-training']);
    expect(await ids({ city: 'St. Petersburg' })).not.toContain('spb-training');
    expect(await ids({ city: 'Almaty' })).not.toContain('kz-training');
    const everyReal = await ids();
    expect(everyReal).toEqual(expect.arrayContaining(['spb-nevsky', 'kz-almaty-bostandyk']));
    expect(everyReal.filter((id) => id.endsWith('-training'))).toEqual([]);
  });
});

describe('the reference CLI', () => {
  const cli = (...args: string[]) =>
    promisify(execFile)('node', ['--require', 'tsx/cjs', 'infra/src/reference-cli.ts', ...args], {
      env: { ...process.env, MONGO_URL: t.system.mongoUrl, NATS_URL: t.system.natsUrl },
    }).then(
      (r) => ({ code: 0, ...r }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    );
  const dir = mkdtempSync(join(tmpdir(), 'continuum-reference-'));

  it('imports a YAML file, or refuses it with each wrong row and exit code 1', async () => {
    const file = cityFile();
    file.staff[0]!.caseloadCap = 30;
    writeFileSync(join(dir, 'city.yaml'), stringify(file));
    const ok = await cli('import', join(dir, 'city.yaml'), '--as', 'ops-1');
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toContain(`updated staff/ref-sw-${run}`);

    writeFileSync(join(dir, 'bad.yaml'), stringify({ staff: [{ ...file.staff[0], roles: ['janitor'] }] }));
    const bad = await cli('import', join(dir, 'bad.yaml'), '--as', 'ops-1');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`staff[0] (ref-sw-${run}): roles.0:`);
    expect(bad.stderr).toContain('nothing was written');
  });
});

describe('assignment by workload', () => {
  const D = `ref-w-${run}`;
  const sw = (n: number) => `ref-w-sw${n}-${run}`;
  const openCase = (i: number, manager: string) => ({
    _id: `case-ref-w-${run}-${i}`,
    district: D,
    programme: 'abandonment-prevention' as const,
    facilityId: 'kz-almaty-polyclinic-5',
    policyVersion: 'kz-2026.3',
    stage: 'follow-up' as const,
    riskLevel: 'low' as const,
    openedAt: new Date(),
    family: {},
    caseManager: manager,
  });

  it('skips a caseworker who is away that day or at her cap, and leaves the case to the pool when nobody is free', async () => {
    const caseworker = (n: number, extra: object) => ({
      id: sw(n),
      displayName: `Worker ${n}`,
      roles: ['caseworker'],
      districts: [D],
      discipline: 'social-worker',
      ...extra,
    });
    const imported = await importReferenceData(
      t.store,
      {
        cities: [{ name: CITY }],
        districts: [{ id: D, name: 'Workload', city: CITY, population: 1000 }],
        staff: [caseworker(1, { absences: [{ from: '2026-12-01', to: '2026-12-10' }] }), caseworker(2, { caseloadCap: 1 }), caseworker(3, {})],
      },
      { by: 'ops-1', audit: t.audit },
    );
    expect(imported.errors).toEqual([]);
    // Worker 1 has none open, worker 2 one (her cap), worker 3 two.
    await t.store.cases.create([openCase(1, sw(2)), openCase(2, sw(3)), openCase(3, sw(3))]);
    expect(await pickCaseManager(t.store, D, '2026-12-05')).toBe(sw(3)); // 1 is away, 2 is full
    expect(await pickCaseManager(t.store, D, '2026-12-11')).toBe(sw(1)); // 1 is back, with the fewest
    await t.store.staff.updateOne({ _id: sw(3) }, { $set: { caseloadCap: 2 } });
    expect(await pickCaseManager(t.store, D, '2026-12-05')).toBeNull();
  });
});
