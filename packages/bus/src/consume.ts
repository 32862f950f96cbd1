import { AckPolicy, DeliverPolicy, nanos, type JetStreamClient, type JetStreamManager, type JsMsg } from 'nats';
import type { z } from 'zod';
import { fieldIssues } from '@continuum/domain';
import type { Logger } from '@continuum/log';
import { SUBJECTS, type MessageOf, type StreamName, type Subject } from './subjects';

/** Thrown by a handler for a message that no retry can fix: it goes to the dead-letter stream. */
export class PoisonMessage extends Error {
  override readonly name = 'PoisonMessage';
}

export interface ConsumerSpec<S extends Subject> {
  stream: StreamName;
  durable: string;
  subject: S;
  /** Deliveries before a failing message is dead-lettered. */
  maxDeliver?: number;
  handle: (message: MessageOf<S>) => Promise<void>;
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
  await jsm.consumers.add(spec.stream, {
    durable_name: spec.durable,
    filter_subject: spec.subject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(30_000),
    max_deliver: maxDeliver,
  });
  const consumer = await js.consumers.get(spec.stream, spec.durable);
  const messages = await consumer.consume({ max_messages: 16 });
  const schema: z.ZodType = SUBJECTS[spec.subject].schema;

  const done = (async () => {
    for await (const m of messages) {
      await handleOne(m);
    }
  })();

  async function handleOne(m: JsMsg): Promise<void> {
    const where = { subject: m.subject, streamSeq: m.info.streamSequence, delivery: m.info.deliveryCount };
    let body: unknown;
    try {
      body = JSON.parse(decoder.decode(m.data));
    } catch {
      return deadLetter(m, 'message is not valid JSON');
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error.issues).map((i) => `${i.path}: ${i.message}`);
      return deadLetter(m, `message does not match ${spec.subject}: ${issues.join('; ')}`);
    }
    try {
      await spec.handle(parsed.data as MessageOf<S>);
      m.ack();
    } catch (err) {
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : 'handler failed';
      if (err instanceof PoisonMessage || m.info.deliveryCount >= maxDeliver) return deadLetter(m, reason);
      // Back off with the number of deliveries: 1 s, 2 s, 4 s … capped at a minute.
      const delay = Math.min(60_000, 1000 * 2 ** (m.info.deliveryCount - 1));
      log.warn({ ...where, reason, retryInMs: delay }, 'message handling failed, will retry');
      m.nak(delay);
    }
  }

  async function deadLetter(m: JsMsg, reason: string): Promise<void> {
    const record = {
      reason,
      consumer: spec.durable,
      originalSubject: m.subject,
      streamSequence: m.info.streamSequence,
      deliveryCount: m.info.deliveryCount,
      deadLetteredAt: new Date().toISOString(),
      // The original bytes, so a command can replay it once the cause is fixed.
      dataBase64: Buffer.from(m.data).toString('base64'),
    };
    try {
      await js.publish(`dead-letter.${spec.durable}`, encoder.encode(JSON.stringify(record)), {
        msgID: `${spec.stream}/${m.info.streamSequence}/${spec.durable}`,
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
      await done;
    },
  };
}
