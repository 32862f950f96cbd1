import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Payload } from '@temporalio/common';
import { AesGcmPayloadCodec } from '@continuum/temporal';
import { casework } from '../harness/casework';
import { caseWorkflowId, conferenceWorkflowId } from '@continuum/domain';
import { keysCli } from '../harness/keys-cli';
import { eventually, http, openTestSystem, type OpenTestSystem } from '../harness/system';
import { streamMessages } from '../harness/nats-reader';
import { hivReferral, CONFERENCE_CONSENT } from '../harness/referrals';

/** Every file below a folder, as raw bytes (SQLite files, NATS message blocks, logs). */
function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

/** Every payload in a history (any object with metadata and data), as stored. */
function payloadsIn(value: unknown, out: Payload[] = []): Payload[] {
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const v = value as Record<string, unknown>;
    if (v.metadata && typeof v.metadata === 'object' && v.data instanceof Uint8Array) out.push(v as Payload);
    else for (const x of Object.values(v)) payloadsIn(x, out);
  }
  return out;
}

describe('personal data stays out of Temporal, NATS and the logs, and is gone everywhere once erased', () => {
  let t: OpenTestSystem;
  beforeAll(async () => (t = await openTestSystem()));
  afterAll(() => t.close());

  it('a sentinel in every personal field is found sealed in MongoDB only, and nowhere once the family is erased', async () => {
    const sentinel = `SENTINEL${Date.now()}X`;
    const referral = hivReferral({
      mother: { fullName: `${sentinel} name`, birthDate: '1997-01-01', phone: `${sentinel}`, address: `${sentinel} street`, hivStatus: 'positive' },
      children: [{ fullName: `${sentinel} child`, birthDate: '2026-11-18', hivExposed: true }],
      notes: `${sentinel} notes`,
      consent: { ...CONFERENCE_CONSENT, scope: [...CONFERENCE_CONSENT.scope] },
    });
    const accepted = await t.postReferral(referral);
    expect(accepted.status).toBe(202);
    const caseId = accepted.body.caseId as string;
    await casework(t).completeNext(caseId, 'referral-review', 'sup-spb-north', { decision: 'accept', reason: `${sentinel} review reason` });
    // The case manager's first contact (only she completes it).
    const task = await eventually(
      async () => (await t.store.tasks.findOne({ caseId, type: 'first-contact', assigneeId: { $ne: null } }).lean()) ?? undefined,
      'the assigned first contact',
    );
    const done = await http('POST', `${t.system.caseworkUrl}/tasks/${task._id}/complete`, {
      token: await t.tokenFor(task.assigneeId!),
      body: { form: { contactedAt: '2026-11-21T09:00:00Z', channel: 'phone', outcome: 'reached', notes: `${sentinel} form notes` } },
    });
    expect(done.status).toBe(200);
    await casework(t).openTask(caseId, 'needs-assessment');

    // A conference: the request's reason, a participant's input and a decline, the minutes, the plan changes and an action item.
    const cw = casework(t);
    const convened = await cw.api('POST', `/cases/${caseId}/conferences`, 'sup-spb-north', { reason: `${sentinel} reason` });
    expect(convened.status).toBe(202);
    const conferenceId = convened.body.conferenceId as string;
    await eventually(
      () =>
        t.store.conferences
          .findById(conferenceId)
          .lean()
          .then((c) => c ?? undefined),
      'the conference',
    );
    expect((await cw.api('POST', `/conferences/${conferenceId}/input`, 'psy-nevsky-1', { input: `${sentinel} input` })).status).toBe(200);
    expect((await cw.api('POST', `/conferences/${conferenceId}/decline`, 'aids-spb-1', { reason: `${sentinel} decline` })).status).toBe(200);
    const decisions = {
      minutes: `${sentinel} minutes`,
      planChanges: `${sentinel} plan`,
      proceedWithoutQuorum: `${sentinel} why`,
      actionItems: [{ action: `${sentinel} action`, ownerId: 'psy-nevsky-1', dueAt: new Date(Date.now() + 3600_000).toISOString() }],
    };
    expect((await cw.api('POST', `/conferences/${conferenceId}/decisions`, 'sup-spb-north', decisions)).status).toBe(200);
    await eventually(async () => (await t.store.tasks.countDocuments({ caseId, type: 'action-item' })) === 1, 'the action item');
    // What was said is sealed under the case's key: ciphertext on the document, in clear once opened with the key.
    const conference = await t.store.conferences.findById(conferenceId).lean();
    expect(JSON.stringify(conference)).not.toContain(sentinel);
    expect(JSON.stringify(await t.vault.openWithin(caseId, conference)).match(new RegExp(sentinel, 'g'))).toHaveLength(7);

    // A break-glass read's reason is in the audit trail sealed, on the stream as in the copy; a facility's webhook
    // secret is stored sealed too: neither anywhere in clear.
    expect((await cw.api('POST', `/cases/${caseId}/break-glass`, 'sup-spb-north', { reason: `${sentinel} break-glass reason` })).status).toBe(200);
    await t.auditSealed();
    const glass = await t.store.audit.findOne({ caseId, action: 'break-glass-read-hiv-status' }).lean();
    expect(JSON.stringify(glass)).not.toContain(sentinel);
    expect(await t.auditReason(glass)).toContain(sentinel);
    const webhookSecret = `${sentinel}-webhook-secret-of-enough-length`;
    // (A facility of this test's own, which refers nobody: no message is ever sent to its made-up address.)
    await t.store.facilities.updateOne(
      { _id: 'test-clinic-sentinel' },
      { $set: { name: 'Sentinel clinic', kind: 'womens-clinic', district: 'spb-nevsky' } },
      { upsert: true },
    );
    expect(
      (await cw.api('PUT', '/facilities/test-clinic-sentinel/webhook', 'sup-spb-north', { url: 'https://clinic.example/continuum', secret: webhookSecret }))
        .status,
    ).toBe(200);
    expect(JSON.stringify(await t.store.channelPreferences.findById('facility:test-clinic-sentinel').lean())).not.toContain(sentinel);
    expect(JSON.stringify(await t.store.audit.find({ action: 'set-facility-webhook' }).lean())).not.toContain(sentinel);

    // Positive control: the sentinel is where it belongs, so the searches below can see it if it leaks. The
    // family record is sealed under the case's own key: it reads through the API, not off the document.
    expect(JSON.stringify(await t.store.cases.findById(caseId).lean())).not.toContain(sentinel);
    expect(JSON.stringify((await cw.api('GET', `/cases/${caseId}`, 'sup-spb-north')).body.family)).toContain(sentinel);
    const storedTask = await t.store.tasks.findById(task._id).lean();
    expect(JSON.stringify(storedTask)).not.toContain(sentinel);
    expect(JSON.stringify(await t.vault.openWithin(caseId, storedTask))).toContain(`${sentinel} form notes`);

    // Temporal histories as the server holds them (the case's and the conference's): every payload's raw bytes, fetched without the codec.
    const history = await t.rawTemporal.workflow.getHandle(caseWorkflowId(caseId as never)).fetchHistory();
    const conferenceHistory = await t.rawTemporal.workflow.getHandle(conferenceWorkflowId(conferenceId as never)).fetchHistory();
    const payloadBytes: string[] = [];
    const walk = (value: unknown): void => {
      if (value instanceof Uint8Array) payloadBytes.push(Buffer.from(value).toString('latin1'));
      else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v);
    };
    walk(history);
    walk(conferenceHistory);
    expect(payloadBytes.length).toBeGreaterThan(5);
    expect(payloadBytes.join('\n')).not.toContain(sentinel);
    // The codec is really at work: the workflow's input is stored as ciphertext, not JSON.
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    expect(input.length).toBe(1);
    expect(Buffer.from(input[0]!.metadata!.encoding!).toString()).toBe('binary/encrypted');

    // Every NATS stream, message by message.
    for (const stream of ['REFERRALS', 'CASE_EVENTS', 'DEAD_LETTERS']) {
      const messages = await streamMessages(t.nats, stream);
      expect(messages.map((m) => m.text).join('\n')).not.toContain(sentinel);
    }

    // Every log file of the services, and, for the embedded servers, every byte of their data and logs
    // (Temporal's SQLite database, NATS's message blocks, and MongoDB's own: PostgreSQL's cluster under
    // FerretDB holds the family sealed under its case's key, never in clear).
    const roots = [t.system.logDir, ...(t.system.stackDataDir ? [t.system.stackDataDir] : [])];
    const files = roots.flatMap(filesBelow);
    if (t.system.stackDataDir) expect(files).toEqual(expect.arrayContaining([expect.stringContaining(join('stack', 'postgres'))]));
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/intake\.log$/)]));
    for (const file of files) {
      expect({ file, leaked: readFileSync(file).includes(sentinel) }).toEqual({ file, leaked: false });
    }

    // Temporal's payloads of the case are sealed under its own key: the codec with the cases' keys opens them
    // (the control: the family's words are there), one with the installation's key alone cannot.
    const codec = AesGcmPayloadCodec.of({ PAYLOAD_KEY: t.system.payloadKey, PAYLOAD_KEY_ID: t.system.payloadKeyId }, { caseKeys: t.vault });
    const installationOnly = AesGcmPayloadCodec.of({ PAYLOAD_KEY: t.system.payloadKey, PAYLOAD_KEY_ID: t.system.payloadKeyId });
    const decoded = async (c: AesGcmPayloadCodec) => {
      const histories = [
        await t.rawTemporal.workflow.getHandle(caseWorkflowId(caseId as never)).fetchHistory(),
        await t.rawTemporal.workflow.getHandle(conferenceWorkflowId(conferenceId as never)).fetchHistory(),
      ];
      return (await c.decode(histories.flatMap((h) => payloadsIn(h)))).map((p) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8')).join('\n');
    };
    expect(await decoded(codec)).toContain(sentinel);
    expect(await decoded(installationOnly)).not.toContain(sentinel);

    // The family is erased, as a person's request would have it: by the command ops run.
    const erased = await keysCli(t, ['erase', caseId, '--by', 'sup-spb-north', '--reason', 'the mother asked to be forgotten']);
    // (The case's workflow, and the conference's if it still waits on its action items.)
    expect(erased.stdout).toMatch(new RegExp(`${caseId} erased at .* \\([12] workflows ended\\)`));
    const row = await t.store.erasures.findById(caseId).lean();
    expect(row).toMatchObject({ why: 'request', by: 'sup-spb-north', programme: 'hiv-family-follow-up' });
    expect(row?.run ?? null).toBeNull();

    // Now no store gives the sentinel back, even read with every key the installation has.
    // MongoDB: each document of the case, in every collection, opened with the cases' keys.
    const digits = caseId.slice(5);
    for (const { name } of await t.store.db.listCollections()) {
      const docs = (await t.store.db.collection(name).find({}).toArray()).filter((d) => JSON.stringify(d).includes(digits));
      expect({ name, leaked: JSON.stringify(await t.vault.openWithin(caseId, docs)).includes(sentinel) }).toEqual({ name, leaked: false });
    }
    // The API: the case, its task and its conference read as erased.
    const afterwards = [
      await cw.api('GET', `/cases/${caseId}`, 'sup-spb-north'),
      await cw.api('GET', `/tasks/${task._id}`, 'sup-spb-north'),
      await cw.api('GET', `/conferences/${conferenceId}`, 'sup-spb-north'),
    ];
    expect(afterwards.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(afterwards[0]!.body.family).toMatchObject({ erased: true });
    expect(JSON.stringify(afterwards.map((r) => r.body))).not.toContain(sentinel);
    // Temporal: every payload of both histories (the workflows ended with the erasure), decoded with the cases' keys.
    expect(await decoded(codec)).not.toContain(sentinel);
    // The audit trail: the case's reasons no longer open; the erasure's own reason does (under the installation's key).
    await t.auditSealed();
    const entries = await t.store.audit.find({ caseId }).lean();
    const reasons = await Promise.all(entries.map((e) => t.auditReason(e)));
    expect(reasons.join('\n')).not.toContain(sentinel);
    expect(reasons).toContain('the mother asked to be forgotten');
    // NATS, every stream; the services' logs (what the erasure itself logged). The servers' files were read whole
    // above: the erasure writes no text of the family's, only less.
    for (const stream of ['REFERRALS', 'CASE_EVENTS', 'DEAD_LETTERS', 'AUDIT']) {
      expect((await streamMessages(t.nats, stream)).map((m) => m.text).join('\n')).not.toContain(sentinel);
    }
    for (const file of filesBelow(t.system.logDir)) {
      expect({ file, leaked: readFileSync(file).includes(sentinel) }).toEqual({ file, leaked: false });
    }
  });
});
