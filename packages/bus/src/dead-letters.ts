import type { JetStreamClient, JetStreamManager } from 'nats';
import { replaySubjectOf, type DeadLetterRecord } from './consume';

export interface DeadLetter extends DeadLetterRecord {
  /** Its sequence in DEAD_LETTERS: what `replay` takes. */
  seq: number;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Every dead letter still in the stream (optionally of one consumer), oldest first. */
export async function listDeadLetters(jsm: JetStreamManager, consumer?: string): Promise<DeadLetter[]> {
  const { state } = await jsm.streams.info('DEAD_LETTERS');
  const out: DeadLetter[] = [];
  for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
    const m = await jsm.streams.getMessage('DEAD_LETTERS', { seq }).catch(() => undefined); // replayed ones are deleted
    if (!m) continue;
    const record = JSON.parse(decoder.decode(m.data)) as DeadLetterRecord;
    if (!consumer || record.consumer === consumer) out.push({ ...record, seq });
  }
  return out;
}

/**
 * Sends a dead letter back to the consumer that gave up on it (through REPLAYS, to that consumer only),
 * then removes it from DEAD_LETTERS. The consumer's own de-duplication makes a replay of something that
 * did get through harmless. If it fails again, it comes back as a new dead letter with the new reason.
 */
export async function replayDeadLetter(js: JetStreamClient, jsm: JetStreamManager, seq: number): Promise<DeadLetter> {
  const m = await jsm.streams.getMessage('DEAD_LETTERS', { seq });
  const record = JSON.parse(decoder.decode(m.data)) as DeadLetterRecord;
  await js.publish(replaySubjectOf(record.consumer), encoder.encode(JSON.stringify(record)), { msgID: `replay/${seq}` });
  await jsm.streams.deleteMessage('DEAD_LETTERS', seq);
  return { ...record, seq };
}
