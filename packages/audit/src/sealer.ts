import { DeliverPolicy, type ConsumerMessages, type JetStreamClient } from 'nats';
import type { Logger } from '@continuum/log';
import type { Store } from '@continuum/store';
import { GENESIS, sealEntry, type SealedEntry } from './chain';

const decoder = new TextDecoder();
const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RunningSealer {
  stop(): Promise<void>;
}

/**
 * Copies the AUDIT stream, in its order, into MongoDB, each entry chained to the one before by hash. Every
 * instance of the service may run one: the links depend only on the stream, so two sealers write the same
 * entry alike and the second finds it there. A store that fails is retried until it answers: no entry is
 * skipped, because a skipped one would be a gap in the chain.
 */
export async function startAuditSealer(js: JetStreamClient, store: Store, log: Logger): Promise<RunningSealer> {
  const last = await store.audit.findOne({}, { _id: 1, hash: 1 }).sort({ _id: -1 }).lean();
  let prev = last?.hash ?? GENESIS;
  let expected = last ? last._id + 1 : 1;
  let stopping = false;
  let messages: ConsumerMessages | null = null;

  const done = (async () => {
    // Read on from the next entry to seal; should the reading end or fail (NATS restarted), start it again.
    while (!stopping) {
      try {
        const consumer = await js.consumers.get('AUDIT', { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: expected });
        messages = await consumer.consume({ max_messages: 256 });
        for await (const m of messages) {
          if (m.seq !== expected) log.error({ expected, seq: m.seq }, 'the audit stream skips entries; npm run audit -- verify will name them');
          const entry = sealEntry(m.seq, decoder.decode(m.data), prev);
          if (!(await store_(entry))) return;
          prev = entry.hash;
          expected = m.seq + 1;
        }
      } catch (err) {
        log.warn({ err: (err as Error).message, next: expected }, 'reading the audit stream failed; reading again');
      }
      if (!stopping) await sleep(1000);
    }
  })();

  /** Stores one entry, retrying until the store answers; false when stopped first. */
  async function store_(entry: SealedEntry): Promise<boolean> {
    for (let attempt = 0; !stopping; attempt++) {
      try {
        await store.audit.create(entry);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) {
          const there = await store.audit.findById(entry._id, { hash: 1 }).lean();
          if (there && there.hash !== entry.hash) log.error({ seq: entry._id }, 'the stored audit entry differs from the stream; npm run audit -- verify');
          return true;
        }
        log.warn({ seq: entry._id, err: (err as Error).message }, 'storing an audit entry failed; retrying');
        await sleep(Math.min(10_000, 200 * 2 ** attempt));
      }
    }
    return false;
  }

  return {
    async stop() {
      stopping = true;
      await messages?.close();
      await done;
    },
  };
}
