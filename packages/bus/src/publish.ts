import type { JetStreamClient, PubAck } from 'nats';
import { DomainError, fieldIssues } from '@continuum/domain';
import { SUBJECTS, type BusEvent } from './subjects';

const encoder = new TextEncoder();

/**
 * The one way to publish: the event is checked against its subject's schema (which is strict, so nothing
 * beyond ids and codes passes) and sent with its event id as the message id for JetStream's de-duplication.
 */
export async function publishEvent(js: JetStreamClient, event: BusEvent): Promise<PubAck> {
  const spec = SUBJECTS[event.type];
  const parsed = spec.schema.safeParse(event);
  if (!parsed.success) {
    throw new DomainError('INVALID', `refusing to publish an invalid ${event.type} event`, fieldIssues(parsed.error.issues));
  }
  return js.publish(event.type, encoder.encode(JSON.stringify(parsed.data)), { msgID: event.eventId });
}
