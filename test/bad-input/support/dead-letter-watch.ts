import type { JetStreamManager } from 'nats';
import type { DeadLetterRecord } from '@continuum/bus';

const decoder = new TextDecoder();

/** A dead letter as found: its record, and its own sequence in DEAD_LETTERS (to clean it up). */
export interface FoundDeadLetter extends DeadLetterRecord {
  seq: number;
}

/**
 * Reads DEAD_LETTERS forward from where it stood when made, keeping each record by its consumer and the
 * original message's sequence. Incremental, so a test can wait for a batch's letters without reading the
 * whole stream each time.
 */
export class DeadLetterWatch {
  private readonly found = new Map<string, FoundDeadLetter>();

  private constructor(
    private readonly jsm: JetStreamManager,
    private cursor: number,
  ) {}

  static async from(jsm: JetStreamManager): Promise<DeadLetterWatch> {
    return new DeadLetterWatch(jsm, (await jsm.streams.info('DEAD_LETTERS')).state.last_seq);
  }

  static key = (consumer: string, streamSequence: number) => `${consumer}@${streamSequence}`;

  /** Waits until every key has its dead letter, or fails naming the ones that have none. */
  async waitFor(keys: readonly string[], timeoutMs = 60_000): Promise<FoundDeadLetter[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.readNew();
      const missing = keys.filter((k) => !this.found.has(k));
      if (missing.length === 0) return keys.map((k) => this.found.get(k)!);
      if (Date.now() > deadline)
        throw new Error(`no dead letter after ${timeoutMs} ms for ${missing.length} of ${keys.length}: ${missing.slice(0, 10).join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Every dead letter read so far (other consumers' and other tests' too). */
  get all(): FoundDeadLetter[] {
    return [...this.found.values()];
  }

  private async readNew(): Promise<void> {
    const last = (await this.jsm.streams.info('DEAD_LETTERS')).state.last_seq;
    for (let seq = this.cursor + 1; seq <= last; seq++) {
      const m = await this.jsm.streams.getMessage('DEAD_LETTERS', { seq }).catch(() => undefined); // replayed ones are deleted
      this.cursor = seq;
      if (!m) continue;
      const record = JSON.parse(decoder.decode(m.data)) as DeadLetterRecord;
      this.found.set(DeadLetterWatch.key(record.consumer, record.streamSequence), { ...record, seq });
    }
  }
}
