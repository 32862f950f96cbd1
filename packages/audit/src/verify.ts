import { createHash } from 'node:crypto';
import { DeliverPolicy, type JetStreamClient, type JetStreamManager } from 'nats';
import type { Store } from '@continuum/store';
import { chainHash, comparable, fieldsOf, GENESIS } from './chain';

export interface AuditProblem {
  /** The entry's place in the stream (the first of a gap). */
  seq: number;
  problem: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Entries checked in MongoDB. */
  entries: number;
  /** The last sealed entry and its link: note it somewhere else, and a later rewrite of the whole chain shows. */
  head: { seq: number; hash: string } | null;
  /** Entries at the stream's end not sealed yet (the sealer is behind or stopped): not a fault. */
  unsealed: number;
  problems: AuditProblem[];
}

const decoder = new TextDecoder();
const digest = (raw: string) => createHash('sha256').update(raw).digest('hex');

/**
 * Proves the audit trail whole: walks the sealed copy in MongoDB in order and checks that no entry is
 * missing (a gap), that each links to the one before, that each link is the hash of its content, and that
 * its fields are what the entry says; then that each entry is the one the AUDIT stream holds at its place.
 * Reads everything once, in order, with bounded memory.
 */
export async function verifyAuditTrail(
  store: Store,
  js: JetStreamClient,
  jsm: JetStreamManager,
  onProgress: (checked: number, total: number) => void = () => undefined,
): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  const total = await store.audit.estimatedDocumentCount();
  const stream = await jsm.streams.info('AUDIT').catch(() => null);
  if (!stream && total > 0) problems.push({ seq: 0, problem: 'the AUDIT stream is gone: nothing to check the copy against' });
  const streamLast = stream?.state.last_seq ?? 0;
  const streamDigests = stream && stream.state.messages > 0 ? await streamReader(js, stream.state.first_seq, streamLast) : null;

  let expected = 1;
  let prev = GENESIS;
  let entries = 0;
  let head: AuditVerification['head'] = null;
  for await (const doc of store.audit.find({}).sort({ _id: 1 }).lean().cursor({ batchSize: 1000 })) {
    const seq = doc._id;
    if (seq !== expected) {
      problems.push({ seq: expected, problem: seq - expected === 1 ? `entry ${expected} is missing` : `entries ${expected} to ${seq - 1} are missing` });
    }
    if (doc.prev !== prev) problems.push({ seq, problem: 'does not link to the entry before it (an entry before it was removed or rewritten)' });
    if (doc.hash !== chainHash(doc.prev, seq, doc.raw)) problems.push({ seq, problem: 'its link is not the hash of its content (edited)' });
    const { entryId, at, actor, action, caseId, district, reason, details } = doc;
    const stored = {
      entryId,
      at,
      actor,
      action,
      caseId: caseId ?? null,
      district: district ?? null,
      reason: reason ?? null,
      details: details as Record<string, unknown>,
    };
    if (comparable(stored) !== comparable(fieldsOf(doc.raw, seq))) {
      problems.push({ seq, problem: 'its fields differ from the entry as written (edited)' });
    }
    // An entry older than the stream's first has aged out of the stream; the chain still covers it.
    if (streamDigests && seq >= stream!.state.first_seq) {
      const inStream = await streamDigests.at(seq);
      if (inStream === undefined) problems.push({ seq, problem: 'is not in the AUDIT stream' });
      else if (inStream !== digest(doc.raw)) problems.push({ seq, problem: 'differs from the entry the AUDIT stream holds at its place' });
    }
    // The chain goes on from the link as stored, so one edit is named once, not at every entry after it.
    prev = doc.hash;
    expected = seq + 1;
    head = { seq, hash: doc.hash };
    if (++entries % 1000 === 0) onProgress(entries, total);
  }
  await streamDigests?.close();
  onProgress(entries, total);
  return { ok: problems.length === 0, entries, head, unsealed: Math.max(0, streamLast - (head?.seq ?? 0)), problems };
}

/** The stream's entries' digests by sequence, read forward once (the copy is checked in the same order). */
async function streamReader(js: JetStreamClient, first: number, last: number) {
  const consumer = await js.consumers.get('AUDIT', { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: first });
  const messages = await consumer.consume({ max_messages: 512 });
  const it = messages[Symbol.asyncIterator]();
  let current: { seq: number; digest: string } | null = null;
  let ended = false;
  return {
    /** The digest of the stream's entry `seq`, or undefined if the stream has none there. */
    async at(seq: number): Promise<string | undefined> {
      while (!ended && (current === null || current.seq < seq)) {
        if (current !== null && current.seq >= last) {
          ended = true;
          break;
        }
        const next = await it.next();
        if (next.done) {
          ended = true;
          break;
        }
        current = { seq: next.value.seq, digest: digest(decoder.decode(next.value.data)) };
      }
      return current?.seq === seq ? current.digest : undefined;
    },
    close: () => messages.close(),
  };
}
