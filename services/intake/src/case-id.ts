import { createHash } from 'node:crypto';
import type { CaseId } from '@continuum/domain';

/**
 * The case id is derived from the referring facility and its own referral id, so the same referral sent
 * twice (over HTTP, or redelivered on NATS) always names the same case and the same workflow. Hashed, so
 * a facility's internal reference never shows in workflow ids or URLs.
 */
export function caseIdForReferral(facilityId: string, referralId: string): CaseId {
  const digest = createHash('sha256').update(`referral\0${facilityId}\0${referralId}`).digest('hex');
  return `case-${digest.slice(0, 20)}`;
}
