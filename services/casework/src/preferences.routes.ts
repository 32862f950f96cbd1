import { Router } from 'express';
import { z } from 'zod';
import { DomainError, FacilityId, type RecordAudit } from '@continuum/domain';
import { outboundUrlProblem, parseOr400, staffOf } from '@continuum/http';
import { sealSecret, type Store } from '@continuum/store';
import { requireDistrict, requireRole } from './access';

export const NotificationChannelBody = z
  .strictObject({
    channel: z.enum(['email', 'none']),
    email: z.email().max(254).optional(),
  })
  .refine((b) => b.channel === 'none' || b.email !== undefined, { path: ['email'], message: 'required for the email channel' });
export const FacilityParams = z.strictObject({ facilityId: FacilityId });
export const FacilityWebhookBody = z.strictObject({
  /** https, to a public address (a loopback, private or link-local one is refused: 400 naming url). */
  url: z.url({ protocol: /^https?$/ }).max(2000),
  /** Shared with the facility's system, which checks each call's HMAC with it. Never shown back. */
  secret: z.string().min(32, 'at least 32 characters').max(256),
});

/**
 * Where notifications go: each member of staff sets her own channel; a facility's webhook (URL and
 * signing secret) is registered by a supervisor or coordinator of its district.
 */
export function preferenceRoutes(store: Store, settings: { PAYLOAD_KEY: string; WEBHOOK_ALLOW_ORIGINS: readonly string[] }, audit: RecordAudit): Router {
  const router = Router();

  router.get('/me/notification-channel', async (req, res) => {
    const staff = staffOf(req);
    const pref = await store.channelPreferences.findById(`staff:${staff.sub}`).lean();
    res.json({ channel: pref?.channel ?? 'none', email: pref?.email ?? null });
  });

  router.put('/me/notification-channel', async (req, res) => {
    const staff = staffOf(req);
    const body = parseOr400(NotificationChannelBody, req.body, 'request');
    await store.channelPreferences.updateOne(
      { _id: `staff:${staff.sub}` },
      { $set: { channel: body.channel, email: body.email ?? null, webhookUrl: null, webhookSecret: null, updatedAt: new Date() } },
      { upsert: true },
    );
    await audit({ actor: staff.sub, action: 'set-notification-channel', details: { channel: body.channel } });
    res.json({ channel: body.channel, email: body.email ?? null });
  });

  router.put('/facilities/:facilityId/webhook', async (req, res) => {
    const staff = staffOf(req);
    requireRole(staff, ['supervisor', 'coordinator'], "registering a facility's webhook");
    const { facilityId } = parseOr400(FacilityParams, req.params, 'facility id');
    const facility = await store.facilities.findById(facilityId, { district: 1 }).lean();
    if (!facility) throw new DomainError('NOT_FOUND', 'no such facility');
    requireDistrict(staff, facility.district, 'facility');
    const body = parseOr400(FacilityWebhookBody, req.body, 'webhook');
    // Never into the network the system runs in: https to a public address only (checked again at each call).
    const problem = outboundUrlProblem(body.url, { allowOrigins: settings.WEBHOOK_ALLOW_ORIGINS });
    if (problem) throw new DomainError('INVALID', 'invalid webhook', [{ path: 'url', message: problem }]);
    const at = new Date();
    // Who sent a facility's messages where, and when: audited before the change (the host; the secret is not).
    await audit({ actor: staff.sub, action: 'set-facility-webhook', district: facility.district, at, details: { facilityId, host: new URL(body.url).host } });
    await store.channelPreferences.updateOne(
      { _id: `facility:${facilityId}` },
      { $set: { channel: 'webhook', webhookUrl: body.url, webhookSecret: sealSecret(body.secret, settings.PAYLOAD_KEY), email: null, updatedAt: at } },
      { upsert: true },
    );
    res.json({ facilityId, channel: 'webhook', url: body.url });
  });

  return router;
}
