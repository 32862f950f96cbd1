import { AckPolicy, DeliverPolicy, nanos, type JetStreamClient, type JetStreamManager, type JsMsg } from 'nats';
import type { z } from 'zod';
import { fieldIssues } from '@continuum/domain';
import type { Logger } from '@continuum/log';
import { SUBJECTS, type MessageOf, type StreamName, type Subject } from './subjects';

/** Where a dead letter goes back to once its cause is fixed: the same consumer's handler, through REPLAYS. */
export const replaySubjectOf = (durable: string) => `replay.${durable}`;
/** A dead letter's record, as published on DEAD_LETTERS (and republished on REPLAYS to replay it). */
export interface DeadLetterRecord {
  reason: string;
  consumer: string;
  originalSubject: string;
  streamSequence: number;
  deliveryCount: number;
  deadLetteredAt: string;
  dataBase64: string;
}

/** Thrown by a handler for a message that no retry can fix: it goes to the dead-letter stream. */
export class PoisonMessage extends Error {
  override readonly name = 'PoisonMessage';
}

export interface ConsumerSpec<S extends Subject> {
  stream: StreamName;
  durable: string;
  /** One subject, or several of the same stream (their schemas are each message's own). */
  subject: S | readonly S[];
  /** Deliveries before a failing message is dead-lettered. */
  maxDeliver?: number;
  handle: (message: MessageOf<S>) => Promise<void>;
  /** The first retry's delay; each next one doubles, up to a minute. */
  backoffMs?: number;
  /**
   * Start a new durable at the stream's end rather than its start: for consumers that act (send mail)
   * rather than project, so a first start does not act on the whole past.
   */
  deliverNew?: boolean;
}

export interface RunningConsumer {
  stop(): Promise<void>;
  done: Promise<void>;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * A durable pull consumer: parse with the subject's schema, handle (which stores), then ack. Any number
 * of service instances can share the durable; JetStream hands each message to one of them.
 */
export async function startConsumer<S extends Subject>(
  js: JetStreamClient,
  jsm: JetStreamManager,
  spec: ConsumerSpec<S>,
  log: Logger,
): Promise<RunningConsumer> {
  const maxDeliver = spec.maxDeliver ?? 10;
  const subjects: readonly S[] = typeof spec.subject === 'string' ? [spec.subject as S] : (spec.subject as readonly S[]);
  const consumerConfig = {
    ack_policy: AckPolicy.Explicit,
    deliver_policy: spec.deliverNew ? DeliverPolicy.New : DeliverPolicy.All,
    ack_wait: nanos(30_000),
    max_deliver: maxDeliver,
  };
  await jsm.consumers.add(spec.stream, {
    durable_name: spec.durable,
    ...(subjects.length === 1 ? { filter_subject: subjects[0] } : { filter_subjects: [...subjects] }),
    ...consumerConfig,
  });
  // Replayed dead letters come back through REPLAYS, to this consumer only.
  await jsm.consumers.add('REPLAYS', { durable_name: `${spec.durable}-replays`, filter_subject: replaySubjectOf(spec.durable), ...consumerConfig });
  const consumer = await js.consumers.get(spec.stream, spec.durable);
  const messages = await consumer.consume({ max_messages: 16 });
  const replays = await (await js.consumers.get('REPLAYS', `${spec.durable}-replays`)).consume({ max_messages: 4 });

  const done = (async () => {
    await Promise.all([
      (async () => {
        for await (const m of messages) await handleOne(m, m.subject, m.data);
      })(),
      (async () => {
        for await (const m of replays) {
          let record: DeadLetterRecord | undefined;
          try {
            record = JSON.parse(decoder.decode(m.data)) as DeadLetterRecord;
          } catch {
            record = undefined;
          }
          if (!record?.originalSubject || !record.dataBase64) {
            log.error({ streamSeq: m.info.streamSequence }, 'replay message is not a dead-letter record; dropped');
            m.term();
            continue;
          }
          await handleOne(m, record.originalSubject, Buffer.from(record.dataBase64, 'base64'));
        }
      })(),
    ]);
  })();

  /** Handles one message; `subject` and `data` are the original event's (a replayed dead letter carries them). */
  async function handleOne(m: JsMsg, subject: string, data: Uint8Array): Promise<void> {
    const where = { subject, streamSeq: m.info.streamSequence, delivery: m.info.deliveryCount };
    let body: unknown;
    try {
      body = JSON.parse(decoder.decode(data));
    } catch {
      return deadLetter(m, subject, data, 'message is not valid JSON');
    }
    const schema: z.ZodType | undefined = (subjects as readonly string[]).includes(subject) ? SUBJECTS[subject as S].schema : undefined;
    if (!schema) return deadLetter(m, subject, data, `subject ${subject} is not one this consumer handles`);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error.issues).map((i) => `${i.path}: ${i.message}`);
      return deadLetter(m, subject, data, `message does not match ${subject}: ${issues.join('; ')}`);
    }
    try {
      await spec.handle(parsed.data as MessageOf<S>);
      m.ack();
    } catch (err) {
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : 'handler failed';
      if (err instanceof PoisonMessage || m.info.deliveryCount >= maxDeliver) return deadLetter(m, subject, data, reason);
      // Back off with the number of deliveries: 1 s, 2 s, 4 s … capped at a minute.
      const delay = Math.min(60_000, (spec.backoffMs ?? 1000) * 2 ** (m.info.deliveryCount - 1));
      log.warn({ ...where, reason, retryInMs: delay }, 'message handling failed, will retry');
      m.nak(delay);
    }
  }

  async function deadLetter(m: JsMsg, subject: string, data: Uint8Array, reason: string): Promise<void> {
    const record: DeadLetterRecord = {
      reason,
      consumer: spec.durable,
      originalSubject: subject,
      streamSequence: m.info.streamSequence,
      deliveryCount: m.info.deliveryCount,
      deadLetteredAt: new Date().toISOString(),
      // The original bytes, so a command can replay it once the cause is fixed.
      dataBase64: Buffer.from(data).toString('base64'),
    };
    try {
      await js.publish(`dead-letter.${spec.durable}`, encoder.encode(JSON.stringify(record)), {
        msgID: `${m.info.stream}/${m.info.streamSequence}/${spec.durable}/${m.info.deliveryCount}`,
      });
      m.term();
      log.warn({ subject: m.subject, streamSeq: m.info.streamSequence, reason }, 'message dead-lettered');
    } catch (err) {
      // Not recorded, so not acknowledged: it will come again.
      log.error({ subject: m.subject, err: (err as Error).message }, 'dead-lettering failed');
      m.nak(5000);
    }
  }

  return {
    done,
    async stop() {
      await messages.close();
      await replays.close();
      await done;
    },
  };
}
