import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { listDeadLetters, replayDeadLetter } from '@continuum/bus';
import { sealSecret } from '@continuum/store';
import { casework } from '../harness/casework';
import { FORMS } from '../harness/forms';
import { streamMessages } from '../harness/nats-reader';
import { hivReferral, CONFERENCE_CONSENT } from '../harness/referrals';
import { eventually, openTestSystem, type OpenTestSystem } from '../harness/system';

interface Mail {
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
}

interface WebhookCall {
  status: number;
  body: Record<string, any>;
  signature: string;
  timestamp: string;
  raw: string;
}

/** A facility's system: answers each call with what `answer` says, and remembers every call. */
async function facilitySystem(port: number, answer: (body: Record<string, any>, calls: WebhookCall[]) => number | { status: number; location: string }) {
  const calls: WebhookCall[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, any>;
      const answered = answer(body, calls);
      const status = typeof answered === 'number' ? answered : answered.status;
      calls.push({ status, body, raw, signature: String(req.headers['x-continuum-signature']), timestamp: String(req.headers['x-continuum-timestamp']) });
      res.writeHead(status, typeof answered === 'number' ? {} : { location: answered.location }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/continuum`, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('notifications: email to staff, signed webhooks to facilities, each delivered once', () => {
  let t: OpenTestSystem;
  beforeAll(async () => (t = await openTestSystem()));
  afterAll(() => t.close());

  const mails = (): Mail[] =>
    existsSync(t.system.mailDir)
      ? readdirSync(t.system.mailDir)
          .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
          .map((f) => JSON.parse(readFileSync(join(t.system.mailDir, f), 'utf8')) as Mail)
      : [];
  const mailsTo = (staffId: string, subjectPart: string) =>
    mails().filter((m) => m.to.includes(`${staffId}@continuum.local`) && m.subject.includes(subjectPart));
  /** Waits until the notification consumers have acknowledged everything published so far. */
  const notificationCaughtUp = () =>
    eventually(async () => {
      const jsm = await t.nats.jetstreamManager();
      for (const [stream, durable] of [
        ['CASE_EVENTS', 'notification'],
        ['REFERRALS', 'notification-referrals'],
      ]) {
        const info = await jsm.consumers.info(stream!, durable!);
        if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
      }
      return true;
    }, 'the notification service caught up');

  /** A facility of its own, so no other test's referral reaches its webhook. */
  async function facilityWithWebhook(id: string, url: string, secret: string) {
    await t.store.facilities.updateOne({ _id: id }, { $set: { name: `Test clinic ${id}`, kind: 'maternity-ward', district: 'spb-nevsky' } }, { upsert: true });
    const cw = casework(t);
    expect((await cw.api('PUT', `/facilities/${id}/webhook`, 'sw-nevsky-1', { url, secret })).status).toBe(403); // supervisors, coordinators
    expect((await cw.api('PUT', `/facilities/${id}/webhook`, 'sup-spb-north', { url, secret: 'short' })).status).toBe(400);
    const registered = await cw.api('PUT', `/facilities/${id}/webhook`, 'sup-spb-north', { url, secret });
    expect(registered.status).toBe(200);
    expect(JSON.stringify(registered.body)).not.toContain(secret);
  }

  it('tells the case manager of her new task by email, with a link and no family data; a duplicated event sends nothing twice', async () => {
    const cw = casework(t);
    const caseId = await cw.referAndAccept(hivReferral(), 'sup-spb-north');
    const task = await cw.openTask(caseId, 'first-contact');
    const manager = task.assigneeId!;
    const [mail] = await eventually(async () => {
      const found = mailsTo(manager, `New task: first-contact on ${caseId}`);
      return found.length > 0 && found;
    }, 'the task-assigned mail');
    expect(mail!.text).toContain(`/cases/${caseId}`);
    expect(mailsTo(manager, `Case assigned to you: ${caseId}`)).toHaveLength(1);
    expect((await cw.api('GET', '/me/notification-channel', manager)).body).toEqual({ channel: 'email', email: `${manager}@continuum.local` });
    // Nothing about the family: the referral's name, birth dates and HIV status are in MongoDB only.
    const everything = JSON.stringify(mails().filter((m) => m.subject.includes(caseId) || m.text.includes(caseId)));
    for (const personal of ['Test Mother', '1998-05-01', '2026-11-18', 'positive']) expect(everything).not.toContain(personal);

    // The same event again (another message id, so JetStream keeps it): the delivery record stops it.
    const original = (await streamMessages(t.nats, 'CASE_EVENTS')).find((m) => m.subject === 'task.created' && m.text.includes(task._id));
    expect(original).toBeDefined();
    await t.nats.jetstream().publish('task.created', new TextEncoder().encode(original!.text), { msgID: `duplicate-${randomBytes(4).toString('hex')}` });
    await notificationCaughtUp();
    expect(mailsTo(manager, `New task: first-contact on ${caseId}`)).toHaveLength(1);
    const deliveryId = mail!.headers['x-continuum-delivery'];
    expect(await t.store.notificationDeliveries.findById(deliveryId).lean()).toMatchObject({ status: 'delivered', attempts: 1, kind: 'task-assigned' });
  });

  it('a webhook that fails three times, then succeeds, delivers once, signed', async () => {
    const secret = randomBytes(24).toString('hex');
    const facility = await facilitySystem(t.system.webhookReceiverPort, (body, calls) =>
      calls.filter((c) => c.body.deliveryId === body.deliveryId).length < 3 ? 500 : 200,
    );
    try {
      await facilityWithWebhook('test-clinic-flaky', facility.url, secret);
      const caseId = await casework(t).referAndAccept(hivReferral({ facilityId: 'test-clinic-flaky' }), 'sup-spb-north');
      const accepted = await eventually(
        async () => facility.calls.find((c) => c.status === 200 && c.body.caseId === caseId && c.body.facts.status === 'accepted'),
        'the accepted status delivered',
      );
      const sameDelivery = () => facility.calls.filter((c) => c.body.deliveryId === accepted.body.deliveryId);
      expect(sameDelivery().map((c) => c.status)).toEqual([500, 500, 500, 200]);
      // Signed: the facility recomputes the HMAC of "<timestamp>.<body>" with its secret.
      expect(accepted.signature).toBe(`sha256=${createHmac('sha256', secret).update(`${accepted.timestamp}.${accepted.raw}`).digest('hex')}`);
      expect(accepted.body).toMatchObject({ kind: 'referral-status', caseId, link: expect.stringContaining(`/referrals/${caseId}`) });
      expect(accepted.raw).not.toContain('Test Mother');
      await notificationCaughtUp();
      expect(sameDelivery()).toHaveLength(4);
      expect(await t.store.notificationDeliveries.findById(accepted.body.deliveryId).lean()).toMatchObject({
        status: 'delivered',
        attempts: 4,
        channel: 'webhook',
      });
    } finally {
      await facility.close();
    }
  });

  it('a webhook that keeps failing goes to the dead-letter stream with its reason, and is delivered once when replayed', async () => {
    let up = false;
    const facility = await facilitySystem(t.system.webhookReceiverPort, () => (up ? 200 : 503));
    try {
      await facilityWithWebhook('test-clinic-down', facility.url, randomBytes(24).toString('hex'));
      const cw = casework(t);
      const caseId = await cw.refer(hivReferral({ facilityId: 'test-clinic-down' }));
      await cw.completeNext(caseId, 'referral-review', 'sup-spb-north', FORMS.reject);
      const jsm = await t.nats.jetstreamManager();
      const letter = await eventually(
        async () => {
          const letters = await listDeadLetters(jsm, 'notification-referrals');
          return letters.find((l) => Buffer.from(l.dataBase64, 'base64').toString().includes(caseId));
        },
        'the dead letter',
        30_000,
      );
      expect(letter.reason).toContain('webhook answered 503');
      expect(letter.deliveryCount).toBe(5); // MAX_DELIVERY_ATTEMPTS
      expect(facility.calls.filter((c) => c.body.caseId === caseId)).toHaveLength(5);

      // The command lists it, with the reason.
      const listed = execFileSync(process.execPath, ['--require', 'tsx/cjs', 'infra/src/dead-letters.ts', 'list', 'notification-referrals'], {
        encoding: 'utf8',
        env: { ...process.env, NATS_URL: t.system.natsUrl },
      });
      expect(listed).toContain(`${letter.seq}\t`);
      expect(listed).toContain('webhook answered 503');

      // The facility's system is back: the replay delivers it once, and the dead letter is gone.
      up = true;
      await replayDeadLetter(t.nats.jetstream(), jsm, letter.seq);
      await eventually(async () => facility.calls.some((c) => c.body.caseId === caseId && c.status === 200), 'the replayed delivery');
      await notificationCaughtUp();
      expect(facility.calls.filter((c) => c.body.caseId === caseId && c.status === 200)).toHaveLength(1);
      expect((await listDeadLetters(jsm, 'notification-referrals')).some((l) => l.seq === letter.seq)).toBe(false);
    } finally {
      await facility.close();
    }
  });

  it('a poison event ends in the dead-letter stream with its reason', async () => {
    const eventId = `poison-${randomBytes(4).toString('hex')}`;
    await t.nats
      .jetstream()
      .publish('task.escalated', new TextEncoder().encode(JSON.stringify({ type: 'task.escalated', eventId, caseId: 'not-a-case' })), { msgID: eventId });
    const jsm = await t.nats.jetstreamManager();
    const letter = await eventually(
      async () => (await listDeadLetters(jsm, 'notification')).find((l) => Buffer.from(l.dataBase64, 'base64').toString().includes(eventId)),
      'the poison event dead-lettered',
    );
    expect(letter.reason).toMatch(/does not match task\.escalated: .*caseId/);
    expect(letter.originalSubject).toBe('task.escalated');
  });

  it('escalations reach the supervisors, invitations the participants, deadlines the assignee', async () => {
    const cw = casework(t);
    const caseId = await cw.referAndAccept(
      hivReferral({ district: 'spb-training', referredAt: new Date().toISOString(), consent: { ...CONFERENCE_CONSENT, scope: [...CONFERENCE_CONSENT.scope] } }),
      'sup-spb-training',
    );
    // The drill's first contact is due 4 s after the referral and escalated 2 s later.
    await eventually(async () => mailsTo('sup-spb-training', `Escalated: first-contact overdue on ${caseId}`).length === 1, 'the escalation mail', 20_000);
    const manager = (await t.store.cases.findById(caseId).lean())!.caseManager!;
    await eventually(
      async () => mailsTo(manager, `Overdue: first-contact on ${caseId}`).length === 1 || mailsTo(manager, `Due soon: first-contact on ${caseId}`).length === 1,
      'a deadline mail',
    );

    const convened = await cw.api('POST', `/cases/${caseId}/conferences`, 'sup-spb-training', { reason: 'review the overdue first contact', urgent: true });
    expect(convened.status).toBe(202);
    const invitation = await eventually(
      async () => mailsTo('psy-spb-training', `Case conference ${convened.body.conferenceId} (URGENT)`)[0],
      'the invitation mail',
    );
    expect(invitation.text).toContain('as psychologist');
    await eventually(
      async () => mailsTo('aids-spb-training', `Case conference ${convened.body.conferenceId}`).length === 1,
      'the invitation of a partner of the training district',
    );
  });

  describe('webhooks never reach inside the network (SSRF)', () => {
    const secret = 'x'.repeat(40);

    it('refuses to register http, loopback, private, link-local and local names (400 naming url); a public https URL is taken', async () => {
      const id = 'test-clinic-ssrf';
      await t.store.facilities.updateOne({ _id: id }, { $set: { name: 'SSRF test clinic', kind: 'maternity-ward', district: 'spb-nevsky' } }, { upsert: true });
      const cw = casework(t);
      const other = t.system.webhookReceiverPort === 65535 ? 65534 : t.system.webhookReceiverPort + 1;
      for (const url of [
        `http://127.0.0.1:${other}/hook`,
        'https://127.0.0.1/hook',
        'https://[::1]/hook',
        'https://10.0.0.7/hook',
        'https://192.168.1.20/hook',
        'https://169.254.169.254/latest/meta-data',
        'https://[fd00::1]/hook',
        'https://localhost/hook',
        'https://intranet/hook',
        'http://clinic.example/hook',
        'https://user:pass@clinic.example/hook',
      ]) {
        const answer = await cw.api('PUT', `/facilities/${id}/webhook`, 'sup-spb-north', { url, secret });
        expect([url, answer.status, answer.body.issues?.[0]?.path]).toEqual([url, 400, 'url']);
      }
      const taken = await cw.api('PUT', `/facilities/${id}/webhook`, 'sup-spb-north', { url: 'https://clinic.example/hook', secret });
      expect(taken.status).toBe(200);
      // Stored sealed, and the change audited (without the secret).
      const stored = await t.store.channelPreferences.findById(`facility:${id}`).lean();
      expect(stored?.webhookSecret).toMatch(/^v1\./);
      expect(JSON.stringify(stored)).not.toContain(secret);
      await t.auditSealed();
      const audit = await t.store.audit.find({ action: 'set-facility-webhook', 'details.facilityId': id }).lean();
      expect(audit.map((a) => [a.actor, (a.details as { host: string }).host])).toContainEqual(['sup-spb-north', 'clinic.example']);
      expect(JSON.stringify(audit)).not.toContain(secret);
    });

    it('calls no address outside the rules even when one is on file, and follows no redirect', async () => {
      const cw = casework(t);
      // A receiver inside the network, which must never be called.
      const inside = createServer((_req, res) => res.writeHead(200).end());
      await new Promise<void>((resolve) => inside.listen(0, '127.0.0.1', resolve));
      const insidePort = (inside.address() as { port: number }).port;
      let insideCalls = 0;
      inside.on('request', () => (insideCalls += 1));
      // The facility's own receiver answers with a redirect into the network.
      const facility = await facilitySystem(t.system.webhookReceiverPort, () => ({ status: 307, location: `http://127.0.0.1:${insidePort}/steal` }));
      try {
        // A webhook on file that points inside (as if written before the rules, or a name that moved): sealed as the service would.
        await t.store.facilities.updateOne(
          { _id: 'test-clinic-inside' },
          { $set: { name: 'Inside clinic', kind: 'maternity-ward', district: 'spb-nevsky' } },
          { upsert: true },
        );
        await t.store.channelPreferences.updateOne(
          { _id: 'facility:test-clinic-inside' },
          {
            $set: {
              channel: 'webhook',
              webhookUrl: `http://127.0.0.1:${insidePort}/hook`,
              webhookSecret: sealSecret(secret, t.system.payloadKey),
              email: null,
              updatedAt: new Date(),
            },
          },
          { upsert: true },
        );
        await facilityWithWebhook('test-clinic-redirect', facility.url, secret);
        const inside1 = await cw.refer(hivReferral({ facilityId: 'test-clinic-inside' }));
        await cw.completeNext(inside1, 'referral-review', 'sup-spb-north', FORMS.reject);
        const redirected = await cw.refer(hivReferral({ facilityId: 'test-clinic-redirect' }));
        await cw.completeNext(redirected, 'referral-review', 'sup-spb-north', FORMS.reject);
        const jsm = await t.nats.jetstreamManager();
        const letterOf = (caseId: string) => async () =>
          (await listDeadLetters(jsm, 'notification-referrals')).find((l) => Buffer.from(l.dataBase64, 'base64').toString().includes(caseId));
        expect((await eventually(letterOf(inside1), 'the inside webhook dead-lettered', 30_000)).reason).toContain('refused outbound URL');
        expect((await eventually(letterOf(redirected), 'the redirected webhook dead-lettered', 30_000)).reason).toContain('webhook answered 307');
        expect(facility.calls.length).toBeGreaterThan(0);
        expect(insideCalls).toBe(0);
      } finally {
        await facility.close();
        await new Promise<void>((resolve) => inside.close(() => resolve()));
      }
    });
  });
});
