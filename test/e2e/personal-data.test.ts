import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { casework } from '../harness/casework';
import { caseWorkflowId, conferenceWorkflowId } from '@continuum/domain';
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

describe('personal data stays out of Temporal, NATS and the logs', () => {
  let t: OpenTestSystem;
  beforeAll(async () => (t = await openTestSystem()));
  afterAll(() => t.close());

  it('a sentinel in every personal field is found in MongoDB only', async () => {
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
    expect(JSON.stringify(await t.store.conferences.findById(conferenceId).lean())).toContain(sentinel);

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
    expect(JSON.stringify(await t.store.tasks.findById(task._id).lean())).toContain(sentinel);

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
    // (Temporal's SQLite database, NATS's message blocks).
    const roots = [t.system.logDir, ...(t.system.stackDataDir ? [t.system.stackDataDir] : [])];
    // (Not MongoDB's own store: PostgreSQL's cluster under FerretDB holds the family, as it should.)
    const files = roots.flatMap(filesBelow).filter((f) => !f.includes(join('stack', 'ferretdb')) && !f.includes(join('stack', 'postgres')));
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/intake\.log$/)]));
    for (const file of files) {
      expect({ file, leaked: readFileSync(file).includes(sentinel) }).toEqual({ file, leaked: false });
    }
  });
});
