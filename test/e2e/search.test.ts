import { randomInt } from 'node:crypto';
import { casework } from '../harness/casework';
import { stem } from '../harness/names';
import { hivReferral } from '../harness/referrals';
import { keysCli } from '../harness/keys-cli';
import { eventually, openTestSystem, type OpenTestSystem } from '../harness/system';

describe('POST /cases/search: a person of her districts’ families, whatever the script, a typo forgiven', () => {
  let t: OpenTestSystem;
  let cw: ReturnType<typeof casework>;
  const SUP = 'sup-spb-north';
  const name = stem();
  const documentNumber = `40 ${randomInt(10, 99)} ${randomInt(100_000, 999_999)}`;
  let caseId: string;
  const search = (staff: string | undefined, body: unknown) => cw.api('POST', '/cases/search', staff, body);
  const found = async (body: unknown, staff = SUP) => {
    const answer = await search(staff, body);
    expect(answer.status).toBe(200);
    return (answer.body.results as Array<{ caseId: string; person: { role: string; fullName: string } }>).filter((r) => r.caseId === caseId);
  };

  beforeAll(async () => {
    t = await openTestSystem();
    cw = casework(t);
    caseId = await cw.refer(
      hivReferral({
        mother: { fullName: `${name.cyrillic}ова Анна Сергеевна`, birthDate: '1995-03-02', documentNumber, hivStatus: 'positive' },
        children: [{ fullName: `${name.cyrillic}ов Иван`, birthDate: '2026-11-18', sex: 'male', hivExposed: true }],
      }),
    );
    await eventually(async () => (await t.store.cases.findById(caseId, { searchIndex: 1 }).lean())?.searchIndex?.length, 'the case indexed');
  });
  afterAll(() => t.close());

  it('finds the mother by her name typed in Latin with two letters swapped, and the child by his', async () => {
    const typo = `${name.latin.slice(0, 2)}${name.latin[3]}${name.latin[2]}${name.latin.slice(4)}ova`;
    expect(await found({ name: `${typo} Anna` })).toEqual([
      expect.objectContaining({
        district: 'spb-nevsky',
        stage: expect.any(String),
        person: expect.objectContaining({ role: 'mother', fullName: `${name.cyrillic}ова Анна Сергеевна` }),
      }),
    ]);
    expect((await found({ name: `Ivan ${name.latin}ov` })).map((r) => r.person.role)).toEqual(['child']);
    // Her name's beginning finds both: the mother's surname and the son's start alike.
    expect((await found({ name: name.cyrillic })).map((r) => r.person.role).sort()).toEqual(['child', 'mother']);
  });

  it('finds her by birth date or document number, and only where all that is given is hers', async () => {
    expect((await found({ birthDate: '1995-03-02' })).map((r) => r.person.role)).toEqual(['mother']);
    expect((await found({ documentNumber: documentNumber.replaceAll(' ', '') })).map((r) => r.person.role)).toEqual(['mother']);
    expect(await found({ name: `${name.latin}ova`, birthDate: '1995-03-03' })).toEqual([]);
    expect(await found({ name: `Ivan ${name.latin}ov`, birthDate: '1995-03-02' })).toEqual([]); // the son's name, the mother's date
  });

  it('keeps to her districts; others are refused, and every search is audited with what it found, not what was asked', async () => {
    expect(await found({ name: name.cyrillic }, 'sup-almaty')).toEqual([]);
    expect((await search('coord-city', { name: name.cyrillic })).status).toBe(403);
    expect((await search(undefined, { name: name.cyrillic })).status).toBe(401);
    expect((await search(SUP, {})).body.issues?.[0]?.path).toBe('name');

    await t.auditSealed();
    const entries = await t.store.audit.find({ action: 'search-cases', actor: SUP }).sort({ _id: -1 }).lean();
    expect(entries.some((e) => (e.details as { found?: string[] }).found?.includes(caseId))).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(name.latin);
    // The case holds the index's hashes, never the name.
    expect(JSON.stringify(await t.store.cases.findById(caseId).lean())).not.toMatch(new RegExp(`${name.cyrillic}|${name.latin}`, 'i'));
  });

  it('finds nothing of a family once it is erased', async () => {
    await keysCli(t, ['erase', caseId, '--by', SUP, '--reason', 'a court order']);
    expect(await found({ name: name.cyrillic })).toEqual([]);
    expect(await found({ birthDate: '1995-03-02' })).toEqual([]);
  });
});
