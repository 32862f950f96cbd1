import { Router } from 'express';
import type { JetStreamClient } from 'nats';
import { CURRENT_POLICY, DomainError, eventIdFor, POLICY_VERSIONS, Referral } from '@continuum/domain';
import { publishEvent } from '@continuum/bus';
import { parseOr400 } from '@continuum/http';
import type { Store } from '@continuum/store';
import { ReferralParams } from './api';
import { caseIdForReferral } from './case-id';

/**
 * POST /referrals: validate, store (the family's data stays in MongoDB), then publish the ids-only
 * `referral.received` event that starts the case. A repeated referral answers with the existing case.
 */
export function referralRoutes(store: Store, js: JetStreamClient): Router {
  const router = Router();

  router.post('/referrals', async (req, res) => {
    const referral = parseOr400(Referral, req.body, 'referral');
    const facility = await store.facilities.findById(referral.facilityId, { district: 1 }).lean();
    if (!facility) throw new DomainError('INVALID', 'invalid referral', [{ path: 'facilityId', message: 'unknown facility' }]);
    const districtDoc = await store.districts.findById(referral.district, { policyVersions: 1 }).lean();
    if (!districtDoc) throw new DomainError('INVALID', 'invalid referral', [{ path: 'district', message: 'unknown district' }]);
    // A district may run its own version (a training district runs the drill policies).
    const chosen = (districtDoc.policyVersions as Record<string, string> | undefined)?.[referral.programme];
    const policyVersion = chosen && POLICY_VERSIONS[chosen]?.programme === referral.programme ? chosen : CURRENT_POLICY[referral.programme];

    const caseId = caseIdForReferral(referral.facilityId, referral.referralId);
    const { referralId, facilityId, district, programme, referredAt, urgent, ...form } = referral;
    const receivedAt = new Date();
    const before = await store.referrals
      .findOneAndUpdate(
        { _id: caseId },
        {
          $setOnInsert: { referralId, facilityId, district, programme, policyVersion, referredAt: new Date(referredAt), urgent, status: 'requested', receivedAt, form },
        },
        { upsert: true, returnDocument: 'before' },
      )
      .lean()
      .catch((err: { code?: number }) => {
        if (err?.code === 11000) return store.referrals.findById(caseId).lean(); // a concurrent twin won the insert
        throw err;
      });
    const stored = before ?? { district, programme, facilityId, policyVersion, referredAt: new Date(referredAt), urgent, status: 'requested' as const };

    // Published again on a repeat too: if the first publish was lost, this one starts the case. JetStream
    // drops the copy by message id, and the workflow id stops a second case in any case.
    try {
      await publishEvent(js, {
        type: 'referral.received',
        eventId: eventIdFor(caseId, 'referral.received'),
        occurredAt: receivedAt.toISOString(),
        caseId,
        district: stored.district,
        programme: stored.programme,
        facilityId: stored.facilityId,
        referredAt: stored.referredAt.toISOString(),
        urgent: stored.urgent,
        ...(stored.policyVersion ? { policyVersion: stored.policyVersion } : {}),
      });
    } catch {
      throw new DomainError('UNAVAILABLE', 'referral stored but not yet queued; send it again to retry');
    }
    res.status(before ? 200 : 202).json({ caseId, status: stored.status, duplicate: Boolean(before) });
  });

  /** The referring facility reads its referral's status: ids and status only. */
  router.get('/referrals/:caseId', async (req, res) => {
    const { caseId } = parseOr400(ReferralParams, req.params, 'case id');
    const referral = await store.referrals.findById(caseId, { form: 0 }).lean();
    if (!referral) throw new DomainError('NOT_FOUND', 'no such referral');
    res.json({
      caseId,
      referralId: referral.referralId,
      facilityId: referral.facilityId,
      district: referral.district,
      programme: referral.programme,
      status: referral.status,
      statusReason: referral.statusReason ?? null,
      statusChangedAt: referral.statusChangedAt ?? null,
      receivedAt: referral.receivedAt,
    });
  });

  return router;
}
