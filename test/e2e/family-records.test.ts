import { caseVault, Keyring } from '@continuum/store';
import { casework } from '../harness/casework';
import { hivReferral } from '../harness/referrals';
import { eventually, openTestSystem, type OpenTestSystem } from '../harness/system';

/*
 * Family records through the real services: each member of the family (mother, children, the rest of the
 * household) has an id that stays hers; staff correct or add data with a reason against the version they read;
 * each change is a version, a history entry and an audit entry; the case view shows what became of each
 * child; and the people the follow-up covers count the household.
 */

let t: OpenTestSystem;
let cw: ReturnType<typeof casework>;
beforeAll(async () => {
  t = await openTestSystem();
  cw = casework(t);
});
afterAll(() => t.close());

const SUP = 'sup-spb-north';
const view = async (caseId: string, staff = SUP) => (await cw.api('GET', `/cases/${caseId}`, staff)).body;
const correct = (caseId: string, personId: string, body: unknown, staff = SUP) => cw.api('PATCH', `/cases/${caseId}/family/${personId}`, staff, body);
const add = (caseId: string, body: unknown, staff = SUP) => cw.api('POST', `/cases/${caseId}/family`, staff, body);
const facts = (caseId: string, kind: string) => t.store.reportFacts.find({ caseId, 'fact.kind': kind }).sort({ at: 1 }).lean();

/** A Nevsky case of a mother, her baby and the baby's grandmother, in first contact. */
async function familyCase() {
  const referral = hivReferral({
    referredAt: new Date().toISOString(),
    household: [{ relation: 'grandparent', fullName: 'Test Grandmother', birthDate: '1970-03-02' }],
  });
  return cw.inFirstContact(referral);
}

describe('a family record', () => {
  it('names each member by an id that stays hers, and shows what became of each child', async () => {
    const { caseId } = await familyCase();
    const { family } = await view(caseId);
    expect(family.version).toBe(0);
    const ids = [family.mother.personId, family.children[0].personId, family.household[0].personId];
    for (const id of ids) expect(id).toMatch(/^p-[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(3);
    expect(family.household).toEqual([{ relation: 'grandparent', fullName: 'Test Grandmother', birthDate: '1970-03-02', personId: ids[2] }]);
    expect(family.children[0]).toMatchObject({ childIndex: 0, outcomes: { hivTests: [], placedInCareOn: null, hospitalStays: [], diedOn: null } });
    // The same ids on every read.
    const again = (await view(caseId)).family;
    expect([again.mother.personId, again.children[0].personId, again.household[0].personId]).toEqual(ids);
  });

  it('takes a correction with a reason as a version: the case, the versions, the history and the audit trail say so', async () => {
    const { caseId, manager } = await familyCase();
    const before = (await view(caseId)).family;
    const answer = await correct(caseId, before.mother.personId, {
      changes: { phone: '+7 911 000 00 00', fullName: 'Test Mother-Corrected' },
      reason: 'the maternity ward misspelt her name',
      version: 0,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.version).toBe(1);
    const after = (await view(caseId, manager)).family;
    expect(after.mother).toMatchObject({
      personId: before.mother.personId,
      fullName: 'Test Mother-Corrected',
      phone: '+7 911 000 00 00',
      birthDate: '1998-05-01',
    });
    expect(after.version).toBe(1);

    // Clearing a field she need not have; the child's birth date corrected by the case manager.
    expect((await correct(caseId, before.mother.personId, { changes: { phone: null }, reason: 'the number is not hers', version: 1 })).status).toBe(200);
    expect(
      (await correct(caseId, before.children[0].personId, { changes: { birthDate: '2026-11-17' }, reason: 'birth certificate', version: 2 }, manager)).status,
    ).toBe(200);
    const now = (await view(caseId)).family;
    expect(now.mother.phone).toBeUndefined();
    expect(now.children[0]).toMatchObject({ personId: before.children[0].personId, birthDate: '2026-11-17' });

    const versions = (await cw.api('GET', `/cases/${caseId}/family`, SUP)).body.versions;
    expect(versions.map((v: { version: number; by: string; reason: string }) => [v.version, v.by, v.reason])).toEqual([
      [1, SUP, 'the maternity ward misspelt her name'],
      [2, SUP, 'the number is not hers'],
      [3, manager, 'birth certificate'],
    ]);
    expect(versions[0].changes).toEqual(
      expect.arrayContaining([{ personId: before.mother.personId, field: 'fullName', from: 'Test Mother', to: 'Test Mother-Corrected' }]),
    );
    expect(versions[1].changes).toEqual([{ personId: before.mother.personId, field: 'phone', from: '+7 911 000 00 00', to: null }]);

    expect((await view(caseId)).history.filter((h: { type: string }) => h.type === 'family-corrected')).toHaveLength(3);
    await t.auditSealed();
    const entries = await t.store.audit.find({ caseId, action: 'correct-family-record' }).sort({ _id: 1 }).lean();
    expect(await Promise.all(entries.map(async (e) => [e.actor, await t.auditReason(e), e.details]))).toEqual([
      [SUP, 'the maternity ward misspelt her name', { personIds: [before.mother.personId], fields: ['fullName', 'phone'], version: 1 }],
      [SUP, 'the number is not hers', { personIds: [before.mother.personId], fields: ['phone'], version: 2 }],
      [manager, 'birth certificate', { personIds: [before.children[0].personId], fields: ['birthDate'], version: 3 }],
    ]);
    // The names stay off the trail (only the sealed reason may name anyone).
    expect(entries.map((e) => e.raw).join()).not.toContain('Corrected');
  });

  it('refuses a stale version (409), a field of another role (400) and an HIV field outside the consent (403), changing nothing', async () => {
    const { caseId } = await familyCase();
    const { family } = await view(caseId);
    const mother = family.mother.personId;
    const stale = await correct(caseId, mother, { changes: { phone: '1' }, reason: 'an old read', version: 4 });
    expect(stale.status).toBe(409);
    const wrong = await correct(caseId, mother, { changes: { relation: 'partner' }, reason: 'not her field', version: 0 });
    // An unknown field is named by the object it is in (the strict schema's way).
    expect([wrong.status, [...new Set(wrong.body.issues.map((i: { path: string }) => i.path))]]).toEqual([400, ['changes']]);
    // The psychologist reads the case, but the consent does not disclose HIV status to her.
    expect((await correct(caseId, mother, { changes: { hivStatus: 'negative' }, reason: 'a new test', version: 0 }, 'psy-nevsky-1')).status).toBe(403);
    expect((await correct(caseId, 'p-0000000000000000', { changes: { phone: '1' }, reason: 'nobody', version: 0 })).status).toBe(404);
    expect((await correct(caseId, mother, { changes: { phone: '1' }, reason: 'not her district', version: 0 }, 'sup-almaty')).status).toBe(404);
    expect((await view(caseId)).family).toEqual(family);
    expect(await t.store.familyChanges.countDocuments({ caseId })).toBe(0);
  });

  it('answers a correction through the reader’s lens: the psychologist’s answer withholds HIV status', async () => {
    const { caseId } = await familyCase();
    const { family } = await view(caseId);
    const answer = await correct(
      caseId,
      family.mother.personId,
      { changes: { phone: '+7 911 555 00 00' }, reason: 'her new number', version: 0 },
      'psy-nevsky-1',
    );
    expect(answer.status).toBe(200);
    expect([answer.body.mother.hivStatus, answer.body.children[0].hivExposed]).toEqual(['withheld', 'withheld']);
    expect(JSON.stringify(answer.body)).not.toContain('positive');
    const added = await add(caseId, { member: { role: 'household', relation: 'partner' }, reason: 'her partner moved in', version: 1 }, 'psy-nevsky-1');
    expect([added.status, added.body.family.mother.hivStatus]).toEqual([201, 'withheld']);
  });

  it('adds a child, whose events and outcomes are hers; the people covered count the household', async () => {
    const { caseId, manager } = await familyCase();
    await eventually(async () => (await facts(caseId, 'opened')).length === 1, 'the opened fact');
    // The mother, her baby and the grandmother.
    expect((await facts(caseId, 'opened'))[0]!.fact).toMatchObject({ children: 1, familyMembers: 3 });

    const added = await add(
      caseId,
      { member: { role: 'child', birthDate: '2019-04-04', sex: 'male' }, reason: 'an older brother lives with them', version: 0 },
      manager,
    );
    expect(added.status).toBe(201);
    expect(added.body.personId).toMatch(/^p-[0-9a-f]{16}$/);
    const { family } = await view(caseId);
    expect(family.children.map((c: { personId: string; childIndex: number }) => [c.childIndex, c.personId])).toEqual([
      [0, family.children[0].personId],
      [1, added.body.personId],
    ]);
    const changed = await eventually(async () => (await facts(caseId, 'family-changed'))[0], 'the family-changed fact');
    expect(changed.fact).toEqual({ kind: 'family-changed', children: 2, familyMembers: 4 });

    // The new child's events are his; the baby's HIV test is hers, shown only to whom the consent discloses it.
    const report = (event: unknown) => cw.api('POST', `/cases/${caseId}/events`, manager, { event });
    expect((await report({ type: 'child-placed-in-care', occurredOn: '2026-11-25', childIndex: 1 })).status).toBe(202);
    expect(
      (await report({ type: 'child-hiv-test-result', occurredOn: '2026-11-24', childIndex: 0, result: 'negative', test: 'pcr', milestone: '6-weeks' })).status,
    ).toBe(202);
    const children = await eventually(async () => {
      const c = (await view(caseId)).family.children;
      return c[1].outcomes.placedInCareOn && c[0].outcomes.hivTests.length === 1 ? c : undefined;
    }, 'the outcomes in the case view');
    expect(children[1].outcomes).toEqual({ placedInCareOn: '2026-11-25', hivTests: [], hospitalStays: [], diedOn: null });
    expect(children[0].outcomes.hivTests).toEqual([{ occurredOn: '2026-11-24', test: 'pcr', milestone: '6-weeks', result: 'negative' }]);
    const psychologist = (await view(caseId, 'psy-nevsky-1')).family.children;
    expect(psychologist[0].outcomes).not.toHaveProperty('hivTests');
    expect(psychologist[1].outcomes.placedInCareOn).toBe('2026-11-25');
  });
});

describe('consent as it really changes', () => {
  const consent = (caseId: string, body: Record<string, unknown>, staff = SUP) => cw.api('PUT', `/cases/${caseId}/consent`, staff, body);
  const signed = (scope: string[], granted = true) => ({ granted, scope, signedOn: '2026-12-01', signedBy: 'mother' });
  const disclosed = async (caseId: string, staff = SUP) => (await view(caseId, staff)).hivStatusDisclosed as boolean;

  it('withdrawn, then granted again: disclosure follows at once; each change dated, in the history and the audit trail', async () => {
    const { caseId } = await familyCase();
    expect(await disclosed(caseId)).toBe(true);
    const withdrawn = await consent(caseId, { ...signed(['social-service'], false), reason: 'the mother withdrew it at the visit', version: 0 });
    expect(withdrawn.body).toMatchObject({ change: 'withdrawn', version: 1, consent: { granted: false, withdrawnOn: '2026-12-01', changedBy: SUP } });
    expect(await disclosed(caseId)).toBe(false);
    const again = await consent(caseId, { ...signed(['social-service']), reason: 'she signed it again', version: 1 });
    expect(again.body).toMatchObject({ change: 'granted', version: 2, consent: { granted: true, scope: ['social-service'], signedOn: '2026-12-01' } });
    expect(again.body.consent).not.toHaveProperty('withdrawnOn');
    expect(await disclosed(caseId)).toBe(true);
    // The same consent again changes nothing.
    expect((await consent(caseId, { ...signed(['social-service']), reason: 'sent twice', version: 2 })).body).toMatchObject({ change: null, version: 2 });

    const history = (await view(caseId)).history.filter((h: { type: string }) => h.type === 'consent-changed');
    expect(history.map((h: { details: { change: string } }) => h.details.change)).toEqual(['withdrawn', 'granted']);
    await t.auditSealed();
    expect(await t.store.audit.countDocuments({ caseId, action: 'withdraw-consent', actor: SUP })).toBe(1);
    const granted = await t.store.audit.findOne({ caseId, action: 'change-consent' }).lean();
    expect([await t.auditReason(granted), granted?.details]).toEqual([
      'she signed it again',
      expect.objectContaining({ change: 'granted', granted: true, scope: ['social-service'] }),
    ]);
  });

  it("narrowed to the psychologist: the supervisor's next read withholds, the psychologist's discloses", async () => {
    const { caseId } = await familyCase();
    expect([await disclosed(caseId), await disclosed(caseId, 'psy-nevsky-1')]).toEqual([true, false]);
    const changed = await consent(caseId, { ...signed(['psychologist']), reason: 'she wants only the psychologist to know', version: 0 });
    expect(changed.body.change).toBe('changed');
    expect([await disclosed(caseId), await disclosed(caseId, 'psy-nevsky-1')]).toEqual([false, true]);
    // A stale version changes nothing.
    expect((await consent(caseId, { ...signed(['social-service']), reason: 'an old read', version: 0 })).status).toBe(409);
    expect(await disclosed(caseId)).toBe(false);
  });

  it('widened to case conferences: the next conference seats the partners it did not before', async () => {
    const seated = async (caseId: string) => {
      const convened = await cw.api('POST', `/cases/${caseId}/conferences`, SUP, { reason: 'the family stopped answering' });
      expect(convened.status).toBe(202);
      const conference = await cw.conference({ caseId }, 'the conference stored');
      return conference.participants.map((p) => p.discipline);
    };
    const before = await familyCase();
    expect(await seated(before.caseId)).not.toContain('aids-center-specialist');

    const after = await familyCase();
    const widened = await consent(after.caseId, { ...signed(['social-service', 'case-conference']), reason: 'she agreed to the team meeting', version: 0 });
    expect(widened.body.change).toBe('widened');
    expect(await seated(after.caseId)).toContain('aids-center-specialist');
  });

  it('a withdrawal reported as a family event is a version too, and the case workflow does not undo a consent given again since', async () => {
    const { caseId, manager } = await familyCase();
    expect((await cw.api('POST', `/cases/${caseId}/events`, manager, { event: { type: 'consent-withdrawn', occurredOn: '2026-11-30' } })).status).toBe(202);
    const { family } = await view(caseId);
    expect(family).toMatchObject({ version: 1, consent: { granted: false, withdrawnOn: '2026-11-30' } });
    expect((await consent(caseId, { ...signed(['social-service']), reason: 'she signed it again', version: 1 })).status).toBe(200);
    // The workflow's own copy of the withdrawal arrives after the new consent: it leaves it as it is.
    await eventually(
      async () => (await t.store.caseHistory.exists({ caseId, type: 'family-event:consent-withdrawn' })) ?? undefined,
      'the workflow took the event',
    );
    expect(await disclosed(caseId)).toBe(true);
  });
});

describe('the family record, sealed under the case’s own key', () => {
  it('is ciphertext in MongoDB, reads through the API, and reads as erased everywhere once the key is gone', async () => {
    const { caseId } = await familyCase();
    const before = (await view(caseId)).family;
    expect((await correct(caseId, before.mother.personId, { changes: { phone: '+7 911 222 33 44' }, reason: 'her new number', version: 0 })).status).toBe(200);

    const stored = await t.store.cases.findById(caseId).lean();
    expect(JSON.stringify(stored)).not.toMatch(/Test Mother|Test Grandmother|911 222/);
    expect(stored!.family).toMatchObject({ sealed: expect.stringMatching(/^c1\./), counts: { children: 1, household: 1 }, version: 1 });
    expect(JSON.stringify(await t.store.familyChanges.find({ caseId }).lean())).not.toMatch(/911 222|her new number/);

    await t.auditSealed();
    const correction = await t.store.audit.findOne({ caseId, action: 'correct-family-record' }).lean();
    expect(await t.auditReason(correction)).toBe('her new number');

    // The case's data key deleted, as an erasure does (the services keep no unwrapped key in tests).
    const vault = caseVault(t.store, Keyring.from({ key: t.system.payloadKey, id: t.system.payloadKeyId }), { cacheMs: 0 });
    await vault.erase(caseId);
    const erased = (await view(caseId)).family;
    expect(erased).toMatchObject({ erased: true, children: [], household: [], mother: { personId: before.mother.personId } });
    expect(JSON.stringify(erased)).not.toMatch(/Test Mother|911 222/);
    const versions = (await cw.api('GET', `/cases/${caseId}/family`, SUP)).body.versions;
    expect(versions).toEqual([expect.objectContaining({ version: 1, by: SUP, reason: null, changes: null })]);
    // The append-only trail keeps the entry, and its reason, sealed under the same key, is unreadable too.
    expect(await t.auditReason(correction)).toBeNull();
    const trail = await cw.api('GET', `/audit?caseId=${caseId}&action=correct-family-record`, SUP);
    expect(trail.body.entries).toEqual([expect.objectContaining({ actor: SUP, reason: null })]);
    // Nothing more is kept for it.
    expect((await correct(caseId, before.mother.personId, { changes: { phone: '1' }, reason: 'after the erasure', version: 1 })).status).toBe(409);
  });
});

describe('who may touch a family record', () => {
  it('refuses no token (401), a coordinator or partner specialist of the district (403), and another district (404), changing nothing', async () => {
    const { caseId } = await familyCase();
    const { family } = await view(caseId);
    const routes: Array<[string, string, unknown]> = [
      ['PATCH', `/cases/${caseId}/family/${family.mother.personId}`, { changes: { phone: '1' }, reason: 'not hers to change', version: 0 }],
      ['POST', `/cases/${caseId}/family`, { member: { role: 'household', relation: 'other' }, reason: 'not hers to add', version: 0 }],
      [
        'PUT',
        `/cases/${caseId}/consent`,
        { granted: false, scope: ['social-service'], signedOn: '2026-12-01', signedBy: 'mother', reason: 'not hers', version: 0 },
      ],
      ['GET', `/cases/${caseId}/family`, undefined],
    ];
    for (const [method, path, body] of routes) {
      const as = async (staff: string | undefined) => (await cw.api(method, path, staff, body)).status;
      expect([method, await as(undefined), await as('coord-city'), await as('idd-nevsky-1'), await as('sup-almaty')]).toEqual([method, 401, 403, 403, 404]);
    }
    expect((await view(caseId)).family).toEqual(family);
    expect(await t.store.familyChanges.countDocuments({ caseId })).toBe(0);
  });
});
