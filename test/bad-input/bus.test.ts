import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { WorkflowNotFoundError } from '@temporalio/client';
import { SUBJECTS, type Subject } from '@continuum/bus';
import { caseWorkflowId, type CaseId } from '@continuum/domain';
import { openTestSystem, type OpenTestSystem } from '../harness/system';
import { badMessages, type BadMessage } from './support/bad-messages';
import { CONSUMED_SUBJECTS, CONSUMERS, consumersOf, liveConsumers } from './support/bus-consumers';
import { DeadLetterWatch } from './support/dead-letter-watch';
import { forgedLogLines } from './support/log-scan';
import { Tally } from './support/tally';
import { validEvent } from './support/valid-events';

/*
 * Bad messages on every NATS subject a service consumes, published straight onto JetStream as a broken
 * publisher would: not JSON, not an object, another event type, a field unknown, missing or wrong
 * (control characters and forged log lines, bad dates and codes, operators, 300 kB). Each consumer of the
 * subject must dead-letter each one with a reason (consume.ts: a message failing its schema is not
 * retried), and none may store anything, send anything or start a case. The messages and their dead
 * letters are deleted afterwards, so the suites that read the streams whole (reporting's rebuild, the
 * personal-data scan) never meet them. A valid event naming another district is no bad input on the bus:
 * events carry the district the case was in when it happened (a transfer changes it later), so only the
 * HTTP APIs can tell staff's districts apart, and they do (casework.test.ts).
 */

/** Runs of the property: each publishes two bad messages of every subject. */
const RUNS = 16;

let t: OpenTestSystem;
let watch: DeadLetterWatch;
const tally = new Tally('bus', 'messages');
const startedAt = Date.now();
const run = randomBytes(4).toString('hex');
let sent = 0;
/** Every message published, where it is, and what a consumer could have stored under. */
const published: Array<{ subject: Subject; stream: string; seq: number; caseId: string; eventId: string; message: BadMessage }> = [];
const deadLetterSeqs: number[] = [];

/** Ids unique to one message: a case that does not exist, an event id of this run. */
function idsForNext() {
  sent += 1;
  return { caseId: `case-${randomBytes(10).toString('hex')}`, eventId: `bad-input-${run}-${sent}` };
}

beforeAll(async () => {
  t = await openTestSystem();
  watch = await DeadLetterWatch.from(await t.nats.jetstreamManager());
});
afterAll(async () => {
  process.stderr.write(
    `${tally.summary(`${CONSUMED_SUBJECTS.length} subjects, ${CONSUMERS.length} consumers, each dead-lettered with its reason`, startedAt)}\n`,
  );
  // Out of the streams again: the suites that read them whole must not meet these.
  const jsm = await t.nats.jetstreamManager();
  for (const p of published) await jsm.streams.deleteMessage(p.stream, p.seq, false).catch(() => undefined);
  for (const seq of deadLetterSeqs) await jsm.streams.deleteMessage('DEAD_LETTERS', seq, false).catch(() => undefined);
  await t.close();
});

it('the table lists every durable consumer the services run, with its subjects', async () => {
  const table = CONSUMERS.map((c) => ({ stream: c.stream, durable: c.durable, subjects: [...c.subjects].sort() })).sort((a, b) =>
    a.durable.localeCompare(b.durable),
  );
  expect(await liveConsumers(t.nats)).toEqual(table);
  expect(CONSUMED_SUBJECTS.length).toBeGreaterThanOrEqual(19);
});

it('starts from a valid event of every consumed subject', () => {
  for (const subject of CONSUMED_SUBJECTS) {
    const result = SUBJECTS[subject].schema.safeParse(validEvent(subject, idsForNext()));
    expect([subject, result.success ? 'valid' : result.error.message]).toEqual([subject, 'valid']);
  }
});

it('dead-letters every bad message on every consumed subject, in each of its consumers, with the reason', async () => {
  const js = t.nats.jetstream();
  // One run publishes two bad messages of every subject, then waits for all their dead letters.
  const oneOfEach = fc.tuple(
    ...CONSUMED_SUBJECTS.map((subject) => {
      const others = CONSUMED_SUBJECTS.filter((s) => s !== subject).map((s) => validEvent(s, idsForNext()));
      return fc
        .array(badMessages(subject, validEvent(subject, idsForNext()), others), { minLength: 2, maxLength: 2 })
        .map((messages) => ({ subject, messages }));
    }),
  );
  await fc.assert(
    fc.asyncProperty(oneOfEach, async (batch) => {
      const expected: Array<{ key: string; subject: Subject; message: BadMessage }> = [];
      for (const { subject, messages } of batch) {
        for (const message of messages) {
          // Each message is its own: the valid event it was built from named ids nothing else uses.
          const ids = idsForNext();
          const bytes = message.json ? rebrand(message.bytes, ids) : message.bytes;
          const ack = await js.publish(subject, bytes, { msgID: `bad-input/${run}/${sent}` });
          published.push({ subject, stream: ack.stream, seq: ack.seq, ...ids, message });
          tally.count(subject);
          for (const consumer of consumersOf(subject)) expected.push({ key: DeadLetterWatch.key(consumer.durable, ack.seq), subject, message });
        }
      }
      const letters = await watch.waitFor(expected.map((e) => e.key));
      letters.forEach((letter, i) => {
        const { subject, message } = expected[i]!;
        deadLetterSeqs.push(letter.seq);
        const reason = message.json ? new RegExp(`^message does not match ${subject.replace('.', '\\.')}: .+`) : /^message is not valid JSON$/;
        if (!reason.test(letter.reason) || letter.originalSubject !== subject) {
          throw new Error(
            `${subject} (${message.what}) in ${letter.consumer}: reason ${JSON.stringify(letter.reason.slice(0, 200))}, subject ${letter.originalSubject}`,
          );
        }
      });
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
  for (const subject of CONSUMED_SUBJECTS) expect([subject, tally.of(subject)]).toEqual([subject, 2 * RUNS]);
}, 180_000);

it('stored nothing, sent nothing and started no case for any of them', async () => {
  expect(published.length).toBe(CONSUMED_SUBJECTS.length * 2 * RUNS);
  const caseIds = published.map((p) => p.caseId);
  const eventIds = published.map((p) => p.eventId);
  expect(await t.store.reportFacts.countDocuments({ $or: [{ _id: { $in: eventIds } }, { caseId: { $in: caseIds } }] })).toBe(0);
  expect(await t.store.reportCases.countDocuments({ _id: { $in: caseIds } })).toBe(0);
  expect(await t.store.notificationDeliveries.countDocuments({ $or: [{ eventId: { $in: eventIds } }, { caseId: { $in: caseIds } }] })).toBe(0);
  expect(await t.store.cases.countDocuments({ _id: { $in: caseIds } })).toBe(0);
  for (const p of published.filter((m) => m.subject === 'referral.received')) {
    const described = await t.temporal.workflow
      .getHandle(caseWorkflowId(p.caseId as CaseId))
      .describe()
      .then(
        () => 'started',
        (err: unknown) => (err instanceof WorkflowNotFoundError ? 'not started' : `unknown: ${String(err)}`),
      );
    expect([p.caseId, described]).toEqual([p.caseId, 'not started']);
  }
});

it('logged no forged line', () => {
  expect(forgedLogLines(t.system.logDir)).toEqual([]);
});

/** Puts this message's own ids in place of the ones of the valid event it came from, wherever they are. */
function rebrand(bytes: Uint8Array, ids: { caseId: string; eventId: string }): Uint8Array {
  const text = new TextDecoder().decode(bytes);
  return new TextEncoder().encode(text.replace(/case-[0-9a-f]{20}/g, ids.caseId).replace(/bad-input-[0-9a-f]{8}-\d+/g, ids.eventId));
}
