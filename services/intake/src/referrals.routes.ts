import { Router } from 'express';
import type { JetStreamClient } from 'nats';
import { createHash, randomBytes } from 'node:crypto';
import {
  CURRENT_POLICY,
  DomainError,
  eventIdFor,
  POLICY_VERSIONS,
  programmeOf,
  Referral,
  ReferralStatusReason,
  type CaseId,
  type RecordAudit,
} from '@continuum/domain';
import { publishEvent } from '@continuum/bus';
import { facilityOf, parseOr400 } from '@continuum/http';
import { formCodes, type CaseVault, type Store } from '@continuum/store';
import { ReferralParams } from './api';

/**
 * POST /referrals: the facility is the one its token names (client credentials), never the body. Validate,
 * store (the family's data stays in MongoDB), then publish the ids-only `referral.received` event that starts
 * the case. The same referral again (same facility, same referral id, same content) answers with the existing
 * case; the same ids with other content are a conflict and change nothing.
 */
export function referralRoutes(store: Store, js: JetStreamClient, audit: RecordAudit, vault: CaseVault): Router {
  const router = Router();
  router.post('/referrals', async (req, res) => {
    const facility = facilityOf(req);
    const referral = parseOr400(Referral, req.body, 'referral');
    if (!facility.districts.includes(referral.district)) throw new DomainError('FORBIDDEN', 'this facility does not refer into that district');
    const districtDoc = await store.districts.findById(referral.district, { policyVersions: 1 }).lean();
    if (!districtDoc) throw new DomainError('INVALID', 'invalid referral', [{ path: 'district', message: 'unknown district' }]);
    // A district may run its own version (a training district runs the drill policies).
    const chosen = (districtDoc.policyVersions as Record<string, string> | undefined)?.[referral.programme];
    const runsIt = chosen !== undefined && POLICY_VERSIONS[chosen]?.programme === referral.programme;
    // A programme still being tried out runs only where a district names its version.
    if (!runsIt && programmeOf(referral.programme).testOnly)
      throw new DomainError('INVALID', 'invalid referral', [{ path: 'programme', message: 'this district does not run this programme' }]);
    const policyVersion = runsIt ? chosen : CURRENT_POLICY[referral.programme];
    const { referralId, district, programme, referredAt, urgent, ...form } = referral;
    const contentHash = contentHashOf(referral);
    const receivedAt = new Date();
    const caseId = newCaseId();
    const fresh = {
      _id: caseId,
      referralId,
      facilityId: facility.id,
      district,
      programme,
      policyVersion,
      referredAt: new Date(referredAt),
      urgent,
      status: 'requested' as const,
      receivedAt,
      contentHash,
      // The family's data sealed under the new case's own key; in clear only the codes the case works from.
      form: formCodes(form),
      sealed: await vault.seal(caseId, form),
    };
    // The unique index on (facility, referral id) decides between concurrent twins: one inserts, the others read it.
    const stored = await store.referrals.create(fresh).then(
      () => null,
      async (err: { code?: number }) => {
        if (err?.code !== 11000) throw err;
        await store.caseKeys.deleteOne({ _id: caseId }); // the twin's case has its own key: this one sealed nothing kept
        return store.referrals.findOne({ facilityId: facility.id, referralId }, { form: 0, sealed: 0 }).lean();
      },
    );
    if (stored && stored.contentHash !== contentHash)
      throw new DomainError('CONFLICT', 'this referral id was already sent with other content; send a new referral id');
    const caseRecord = stored ?? fresh;
    // Published again on a repeat too: if the first publish was lost, this one starts the case. JetStream
    // drops the copy by message id, and the workflow id stops a second case in any case.
    try {
      await publishEvent(js, {
        type: 'referral.received',
        eventId: eventIdFor(caseRecord._id, 'referral.received'),
        occurredAt: receivedAt.toISOString(),
        caseId: caseRecord._id,
        district: caseRecord.district,
        facilityId: caseRecord.facilityId,
        referredAt: caseRecord.referredAt.toISOString(),
        urgent: caseRecord.urgent,
      });
    } catch {
      throw new DomainError('UNAVAILABLE', 'referral stored but not yet queued; send it again to retry');
    }
    // Recorded on a repeat too, under the same id, so a send whose entry was lost records it; the stream keeps one.
    await audit({
      entryId: eventIdFor(caseRecord._id, 'referred'),
      actor: facility.id,
      action: 'refer-family',
      caseId: caseRecord._id,
      district: caseRecord.district,
      at: receivedAt,
    });
    res.status(stored ? 200 : 202).json({ caseId: caseRecord._id, status: caseRecord.status, duplicate: Boolean(stored) });
  });

  /** The referring facility reads its own referral's status: ids and status only. Another facility's is "not found". */
  router.get('/referrals/:caseId', async (req, res) => {
    const facility = facilityOf(req);
    const { caseId } = parseOr400(ReferralParams, req.params, 'case id');
    const referral = await store.referrals.findById(caseId, { form: 0, sealed: 0 }).lean();
    if (!referral || referral.facilityId !== facility.id) throw new DomainError('NOT_FOUND', 'no such referral');
    res.json({
      caseId,
      referralId: referral.referralId,
      facilityId: referral.facilityId,
      district: referral.district,
      programme: referral.programme,
      status: referral.status,
      // A code from the closed list only (a reason stored as free text before the list is not shown).
      statusReason: ReferralStatusReason.safeParse(referral.statusReason).data ?? null,
      statusChangedAt: referral.statusChangedAt ?? null,
      receivedAt: referral.receivedAt,
    });
  });
  return router;
}

/** A case id nobody can derive: 80 random bits. */
const newCaseId = (): CaseId => `case-${randomBytes(10).toString('hex')}`;

/** The referral as parsed (defaults applied), with keys in a fixed order, hashed: two sends are the same referral only if this matches. */
function contentHashOf(referral: Referral): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(referral)))
    .digest('base64url');
}
