import { abandonmentReferral, hivReferral } from '../../harness/referrals';

/**
 * Referrals for the benchmarks: both programmes in turn, each with a unique id (so each opens a case), in
 * districts whose supervisors the completion benchmark acts as.
 */
export function benchReferral(i: number, run: string) {
  const referralId = `bench-${run}-${i}`;
  return i % 2 === 0 ? { referral: hivReferral({ referralId }), supervisor: 'sup-spb-north' } : { referral: abandonmentReferral({ referralId }), supervisor: 'sup-almaty' };
}

/** POSTs a referral and returns its case id: 202 (new) or 200 (sent again, the same case); anything else is an error with the answer. */
export async function postReferral(intakeUrl: string, referral: unknown): Promise<string> {
  const res = await fetch(`${intakeUrl}/referrals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(referral) });
  const body = (await res.json().catch(() => ({}))) as { caseId?: string };
  if ((res.status !== 202 && res.status !== 200) || !body.caseId) throw new Error(`referral answered ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  return body.caseId;
}
