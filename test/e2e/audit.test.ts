import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chainHash, verifyAuditTrail } from '@continuum/audit';
import { casework } from '../harness/casework';
import { http, openTestSystem, type OpenTestSystem } from '../harness/system';

/*
 * The audit trail, through the real services: every read of a family's data and every change is recorded to
 * the AUDIT stream (which nobody connected as the services can change), sealed into MongoDB in a hash chain,
 * read back with GET /audit by an auditor or a district's supervisor, and proved whole by `npm run audit --
 * verify`, which names an edited, a removed and a rewritten entry.
 */

let t: OpenTestSystem;
let cw: ReturnType<typeof casework>;
beforeAll(async () => {
  t = await openTestSystem();
  cw = casework(t);
});
afterAll(() => t.close());

const trail = (staff: string | undefined, query = '') => cw.api('GET', `/audit${query}`, staff);
const REASON = 'the mother is in hospital until Friday';

/** A Nevsky case with a read of it, a read of its task and a deadline extended with a reason, all sealed. */
async function auditedCase() {
  const { caseId, taskId, manager } = await cw.inFirstContact();
  expect((await cw.api('GET', `/cases/${caseId}`, manager)).status).toBe(200);
  expect((await cw.api('GET', `/tasks/${taskId}`, manager)).status).toBe(200);
  const task = await t.store.tasks.findById(taskId).lean();
  const dueAt = new Date(task!.dueAt.getTime() + 2 * 86_400_000).toISOString();
  expect((await cw.api('POST', `/tasks/${taskId}/extend`, manager, { dueAt, reason: REASON })).status).toBe(200);
  await t.auditSealed();
  return { caseId, taskId, manager, dueAt };
}

describe('what the trail records', () => {
  it('the referral, each read and each change of a case: who, what, which case, the reason opened for its readers', async () => {
    const { caseId, taskId, manager, dueAt } = await auditedCase();
    const answer = await trail('sup-spb-north', `?caseId=${caseId}`);
    expect(answer.status).toBe(200);
    const entries = answer.body.entries as Array<Record<string, unknown>>;
    // Newest first; the supervisor's acceptance and the system's work are in it too.
    const seqs = entries.map((e) => e.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const of = (action: string) => entries.filter((e) => e.action === action);
    expect(of('refer-family')).toEqual([expect.objectContaining({ actor: 'spb-maternity-16', caseId, district: 'spb-nevsky' })]);
    expect(of('complete-task')).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'sup-spb-north' })]));
    expect(of('read-case')).toEqual([expect.objectContaining({ actor: manager, details: { hivStatus: 'shown' } })]);
    expect(of('read-task')).toEqual([expect.objectContaining({ actor: manager, details: { taskId } })]);
    expect(of('extend-deadline')).toEqual([expect.objectContaining({ actor: manager, reason: REASON, details: { taskId, to: dueAt } })]);
    for (const e of entries) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);

    // On the stream and in the stored copy the reason is sealed: it may name the family.
    const stored = await t.store.audit.findOne({ caseId, action: 'extend-deadline' }).lean();
    expect(stored!.raw).not.toContain('hospital');
    expect(stored!.reason).toMatch(/^c1\./); // under the case's own key: erased with the family
  });

  it('filters by action, actor and time, pages with `next`, and exports CSV', async () => {
    const { caseId, manager } = await auditedCase();
    const reads = await trail('sup-spb-north', `?caseId=${caseId}&action=read-case,read-task&actor=${manager}`);
    expect(reads.body.entries.map((e: { action: string }) => e.action).sort()).toEqual(['read-case', 'read-task']);
    const none = await trail('sup-spb-north', `?caseId=${caseId}&to=2020-01-01T00:00:00Z`);
    expect(none.body).toEqual({ entries: [], next: null });

    const first = await trail('sup-spb-north', `?caseId=${caseId}&limit=2`);
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.next).toBe(first.body.entries[1].seq);
    const second = await trail('sup-spb-north', `?caseId=${caseId}&limit=2&before=${first.body.next}`);
    expect(second.body.entries[0].seq).toBeLessThan(first.body.next);

    const csv = await http('GET', `${t.system.caseworkUrl}/audit?caseId=${caseId}&format=csv`, { token: await t.tokenFor('sup-spb-north') });
    expect(csv.status).toBe(200);
    expect(csv.headers?.['content-type']).toMatch(/^text\/csv/);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,actor,action,caseId,district,reason,details,hash');
    expect(lines.some((l) => l.includes('extend-deadline') && l.includes(REASON))).toBe(true);
  });
});

describe('who reads it', () => {
  it("an auditor reads her districts' entries and the installation's; a supervisor only her districts'; others nothing", async () => {
    const { caseId } = await auditedCase();
    // An entry of no district: a decode of workflow payloads by ops.
    const decode = await http('POST', `${t.system.codecUrl}/decode`, { token: await t.tokenFor('ops-1', 'codec'), body: { payloads: [] } });
    expect(decode.status).toBe(200);
    await t.auditSealed();

    const byAuditor = await trail('auditor-spb', '?action=decode-payloads&limit=1');
    expect(byAuditor.body.entries).toEqual([expect.objectContaining({ actor: 'ops-1', district: null })]);
    expect((await trail('auditor-spb', `?caseId=${caseId}`)).body.entries.length).toBeGreaterThan(3);
    expect((await trail('sup-spb-north', '?action=decode-payloads')).body.entries).toEqual([]);

    // Another district's supervisor sees nothing of the case, and may not name its district.
    expect((await trail('sup-almaty', `?caseId=${caseId}`)).body.entries).toEqual([]);
    expect((await trail('sup-almaty', '?district=spb-nevsky')).status).toBe(403);
    for (const staff of ['sw-nevsky-1', 'admin-spb', 'coord-city', 'ops-1', 'psy-nevsky-1']) expect([staff, (await trail(staff)).status]).toEqual([staff, 403]);
    expect((await trail(undefined)).status).toBe(401);

    // Reading the trail is in the trail.
    await t.auditSealed();
    expect(await t.store.audit.countDocuments({ action: 'read-audit', actor: 'auditor-spb', caseId })).toBe(1);
  });
});

describe('where it is kept', () => {
  it('the AUDIT stream refuses, to the services’ NATS user, any change, purge or deletion', async () => {
    const info = await t.jsm.streams.info('AUDIT');
    expect(info.config).toMatchObject({ deny_delete: true, deny_purge: true });
    const refused = async (what: string, attempt: () => Promise<unknown>) =>
      expect([
        what,
        await attempt().then(
          () => 'done',
          (err: Error) => err.message,
        ),
      ]).toEqual([what, expect.stringMatching(/Permissions Violation/)]);
    await refused('a message deleted', () => t.jsm.streams.deleteMessage('AUDIT', info.state.first_seq));
    await refused('the stream purged', () => t.jsm.streams.purge('AUDIT'));
    await refused('deny-delete lifted', () => t.jsm.streams.update('AUDIT', { deny_delete: false }));
    await refused('the stream deleted', () => t.jsm.streams.delete('AUDIT'));
    expect((await t.jsm.streams.info('AUDIT')).state.messages).toBeGreaterThanOrEqual(info.state.messages);
  });
});

describe('npm run audit -- verify', () => {
  const cli = () =>
    promisify(execFile)('node', ['--require', 'tsx/cjs', 'infra/src/audit-cli.ts', 'verify'], {
      env: { ...process.env, MONGO_URL: t.system.mongoUrl, NATS_URL: t.system.natsUrl },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
    );
  const verify = () => verifyAuditTrail(t.store, t.nats.jetstream(), t.jsm);

  it('passes on the trail as written, and names an edited, a removed and a rewritten entry', async () => {
    const { caseId } = await auditedCase();
    const whole = await cli();
    expect(whole).toMatchObject({ code: 0, stdout: expect.stringMatching(/the audit trail is whole: \d+ entries; head: entry \d+, link [0-9a-f]{64}/) });

    const entry = (await t.store.audit.findOne({ caseId, action: 'read-case' }).lean())!;
    const seq = entry._id;
    try {
      // Who read the case, changed in the copy: its fields no longer match what was written.
      await t.store.audit.updateOne({ _id: seq }, { $set: { actor: 'someone-else' } });
      const edited = await cli();
      expect(edited.code).toBe(1);
      expect(edited.stdout).toContain(`entry ${seq}: its fields differ from the entry as written (edited)`);
      expect(edited.stdout).toContain('the audit trail is NOT whole');
      await t.store.audit.replaceOne({ _id: seq }, entry);

      // Removed: a gap, and the entry after it links to nothing there is.
      await t.store.audit.deleteOne({ _id: seq });
      expect((await verify()).problems).toEqual(
        expect.arrayContaining([
          { seq, problem: `entry ${seq} is missing` },
          { seq: seq + 1, problem: 'does not link to the entry before it (an entry before it was removed or rewritten)' },
        ]),
      );
      await t.store.audit.create(entry);

      // Rewritten with a link that fits its new content: the next entry no longer links to it, and the stream holds another.
      const raw = entry.raw.replace(entry.actor, 'someone-else');
      await t.store.audit.updateOne({ _id: seq }, { $set: { raw, actor: 'someone-else', hash: chainHash(entry.prev, seq, raw) } });
      expect((await verify()).problems).toEqual([
        { seq, problem: 'differs from the entry the AUDIT stream holds at its place' },
        { seq: seq + 1, problem: 'does not link to the entry before it (an entry before it was removed or rewritten)' },
      ]);
    } finally {
      await t.store.audit.replaceOne({ _id: seq }, entry);
    }
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
  });
});
