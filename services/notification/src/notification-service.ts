import type { NotificationConfig } from '@continuum/config';
import { mongoTls, natsTls } from '@continuum/config';
import type { Logger } from '@continuum/log';
import { connectBus, startConsumer, type BusEvent } from '@continuum/bus';
import { connectStore, openSecret } from '@continuum/store';
import { emailChannel } from './channels/email';
import { webhookChannel } from './channels/webhook';
import { deliverAll, deliverer } from './deliver';
import { startDueSweep } from './due-sweep';
import { CASE_EVENT_SUBJECTS, noticesFor, REFERRAL_SUBJECTS } from './on-event';

/**
 * The notification service: durable JetStream consumers turn case, conference and referral events into
 * messages (email to staff, signed webhooks to facilities), and a sweep tells assignees of deadlines.
 * Stateless: any number of instances share the durables.
 */
export async function startNotificationService(config: NotificationConfig, log: Logger) {
  const store = await connectStore(config.MONGO_URL, mongoTls(config));
  await store.ensureIndexes();
  const bus = await connectBus(config.NATS_URL, 'continuum-notification', config.NATS_STREAM_REPLICAS, natsTls(config));
  const email = emailChannel(config.SMTP_URL, config.MAIL_FROM);
  const webhook = webhookChannel(config.WEBHOOK_TIMEOUT_MS, { allowOrigins: config.WEBHOOK_ALLOW_ORIGINS });
  const openWebhookSecret = (sealed: string) => openSecret(sealed, config.PAYLOAD_KEY);
  const deliver = deliverer(store, { email, webhook, openWebhookSecret }, { publicUrl: config.PUBLIC_URL, intakePublicUrl: config.INTAKE_PUBLIC_URL }, log);
  const handle = async (event: BusEvent) => deliverAll(deliver, await noticesFor(event, store));
  const retry = { maxDeliver: config.MAX_DELIVERY_ATTEMPTS, backoffMs: config.NOTIFICATION_BACKOFF_MS, deliverNew: true };

  const consumers = [
    await startConsumer(bus.js, bus.jsm, { stream: 'CASE_EVENTS', durable: 'notification', subject: CASE_EVENT_SUBJECTS, handle, ...retry }, log),
    await startConsumer(bus.js, bus.jsm, { stream: 'REFERRALS', durable: 'notification-referrals', subject: REFERRAL_SUBJECTS, handle, ...retry }, log),
  ];
  const sweep = startDueSweep(store, deliver, { everySeconds: config.NOTIFY_SWEEP_SECONDS, dueSoonHours: config.DUE_SOON_HOURS }, log);
  log.info({ smtp: config.SMTP_URL.replace(/\/\/[^@]*@/, '//***@') }, 'notification consuming');

  return {
    async stop() {
      await sweep.stop();
      for (const c of consumers) await c.stop();
      email.close();
      await bus.close();
      await store.close();
    },
  };
}
