import type { Logger } from '@continuum/log';
import type { Store } from '@continuum/store';
import { compose } from './compose';
import type { emailChannel } from './channels/email';
import type { webhookChannel } from './channels/webhook';
import type { Notice } from './notice';

export type DeliveryResult = 'delivered' | 'already-delivered' | 'no-channel';

/**
 * Delivers a notice once: the delivery record (keyed by source and recipient) is read first and written
 * `delivered` only after the channel accepted the message, so a redelivered or duplicated event finds it
 * and sends nothing. A failure is recorded and thrown: the consumer retries with backoff, then dead-letters.
 */
export function deliverer(
  store: Store,
  channels: { email: ReturnType<typeof emailChannel>; webhook: ReturnType<typeof webhookChannel>; openWebhookSecret: (sealed: string) => string },
  urls: { publicUrl: string; intakePublicUrl: string },
  log: Logger,
) {
  return async function deliver(notice: Notice): Promise<DeliveryResult> {
    const deliveryId = `${notice.sourceId}/${notice.recipient}`;
    const existing = await store.notificationDeliveries.findById(deliveryId, { status: 1 }).lean();
    if (existing?.status === 'delivered') return 'already-delivered';
    const preference = await store.channelPreferences.findById(notice.recipient).lean();
    if (!preference || preference.channel === 'none') {
      log.debug({ recipient: notice.recipient, kind: notice.kind }, 'no channel: not sent');
      return 'no-channel';
    }
    const now = new Date();
    await store.notificationDeliveries.updateOne(
      { _id: deliveryId },
      {
        $setOnInsert: {
          eventId: notice.sourceId,
          kind: notice.kind,
          recipient: notice.recipient,
          channel: preference.channel,
          caseId: notice.caseId,
          district: notice.district,
          status: 'delivering',
          createdAt: now,
        },
        $inc: { attempts: 1 },
      },
      { upsert: true },
    );
    const message = compose(notice, urls);
    try {
      if (preference.channel === 'email') {
        if (!preference.email) throw new Error('no email address on file');
        await channels.email.send(preference.email, message, deliveryId);
      } else {
        if (!preference.webhookUrl || !preference.webhookSecret) throw new Error('no webhook URL or secret on file');
        await channels.webhook.send(preference.webhookUrl, channels.openWebhookSecret(preference.webhookSecret), {
          deliveryId,
          eventId: notice.sourceId,
          kind: notice.kind,
          caseId: notice.caseId,
          facts: notice.facts,
          link: message.link,
          sentAt: now.toISOString(),
        });
      }
    } catch (err) {
      const reason = `${preference.channel} to ${notice.recipient} failed: ${(err as Error).message}`;
      await store.notificationDeliveries.updateOne({ _id: deliveryId }, { $set: { lastError: reason } });
      throw new Error(reason, { cause: err });
    }
    await store.notificationDeliveries.updateOne({ _id: deliveryId }, { $set: { status: 'delivered', deliveredAt: new Date(), lastError: null } });
    log.info({ deliveryId, kind: notice.kind, channel: preference.channel }, 'notice delivered');
    return 'delivered';
  };
}
export type Deliver = ReturnType<typeof deliverer>;

/** Delivers every notice of one event; throws after trying them all if any failed, so a retry sends only those. */
export async function deliverAll(deliver: Deliver, notices: Notice[]): Promise<void> {
  const failures: string[] = [];
  for (const notice of notices) {
    try {
      await deliver(notice);
    } catch (err) {
      failures.push((err as Error).message);
    }
  }
  if (failures.length > 0) throw new Error(failures.join('; '));
}
