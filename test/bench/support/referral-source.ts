import { abandonmentReferral, hivReferral, type ReferralFrom } from '../../harness/referrals';
import type { OpenTestSystem } from '../../harness/system';

/**
 * Referrals for the benchmarks: both programmes in turn, each with a unique id (so each opens a case), in
 * districts whose supervisors the completion benchmark acts as.
 */
export function benchReferral(i: number, run: string) {
  const referralId = `bench-${run}-${i}`;
  return i % 2 === 0
    ? { referral: hivReferral({ referralId }), supervisor: 'sup-spb-north' }
    : { referral: abandonmentReferral({ referralId }), supervisor: 'sup-almaty' };
}

/**
 * POSTs a referral as its facility (a client-credentials token, fetched once and renewed before it expires)
 * and returns its case id: 202 (new) or 200 (sent again, the same case); anything else is an error with the answer.
 */
export async function postReferral(t: OpenTestSystem, referral: ReferralFrom): Promise<string> {
  const { facilityId, ...form } = referral;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await t.facilityToken(facilityId)}` };
  const res = await fetch(`${t.system.intakeUrl}/referrals`, { method: 'POST', headers, body: JSON.stringify(form) });
  const body = (await res.json().catch(() => ({}))) as { caseId?: string };
  if ((res.status !== 202 && res.status !== 200) || !body.caseId) throw new Error(`referral answered ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  return body.caseId;
}
