/**
 * The load generator's own record of what the system acknowledged (a 2xx answer), kept apart from
 * everything the system stores, so the checks compare the system against what its clients were told.
 * Requests that got no acknowledgement (a network error, a timeout, a 5xx) are kept as attempts: the
 * system may or may not have acted on them, and the checks allow both, but never more than once.
 */

export type CompletionKind = 'referral-review' | 'first-contact';

export interface AckedReferral {
  caseId: string;
  referralId: string;
  facilityId: string;
  district: string;
  /** 202 (a new case) or 200 (the same referral again: an earlier attempt stored it). */
  status: number;
  ackedAt: number;
}

export interface AckedCompletion {
  taskId: string;
  caseId: string;
  kind: CompletionKind;
  actor: string;
  form: Record<string, unknown>;
  ackedAt: number;
}

/** What the load generator saw go wrong: allowed while a part is down, as long as acknowledged requests hold. */
export interface ErrorCounts {
  network: number;
  timeout: number;
  /** By status: 5xx, 404 ("not there yet": counted, not an error) and any answer no fault explains. */
  byStatus: Record<string, number>;
}

export class Ledger {
  /** Every referral sent at least once, by its referral id (all from one facility per programme, unique per run). */
  readonly referralsSent = new Map<string, { attempts: number; acked?: AckedReferral }>();
  readonly completionsSent = new Map<string, { caseId: string; kind: CompletionKind; attempts: number; acked?: AckedCompletion; unackedBefore409?: boolean }>();
  /** Answers no fault excuses: a repeated referral naming another case, a valid completion refused… */
  readonly anomalies: string[] = [];
  readonly errors: Record<'referrals' | 'completions' | 'reads', ErrorCounts> = {
    referrals: emptyErrors(),
    completions: emptyErrors(),
    reads: emptyErrors(),
  };
  /** Repeats of acknowledged referrals (a client that resends after success): each must name the same case. */
  repeatsAcked = 0;

  referralAttempt(referralId: string): void {
    const entry = this.referralsSent.get(referralId) ?? { attempts: 0 };
    entry.attempts += 1;
    this.referralsSent.set(referralId, entry);
  }

  /** The first acknowledgement is the ledger's; another one for the same referral must name the same case. */
  referralAcked(ack: AckedReferral): void {
    const entry = this.referralsSent.get(ack.referralId)!;
    if (entry.acked && entry.acked.caseId !== ack.caseId)
      this.anomalies.push(`referral ${ack.referralId} answered case ${ack.caseId}, earlier ${entry.acked.caseId}`);
    entry.acked ??= ack;
  }

  completionAttempt(taskId: string, caseId: string, kind: CompletionKind): number {
    const entry = this.completionsSent.get(taskId) ?? { caseId, kind, attempts: 0 };
    entry.attempts += 1;
    this.completionsSent.set(taskId, entry);
    return entry.attempts;
  }

  completionAcked(ack: AckedCompletion): void {
    this.completionsSent.get(ack.taskId)!.acked = ack;
  }

  /** A 409 after attempts that got no answer: one of them was applied. */
  completionAlreadyApplied(taskId: string): void {
    this.completionsSent.get(taskId)!.unackedBefore409 = true;
  }

  error(kind: keyof Ledger['errors'], what: { status?: number; timeout?: boolean }): void {
    const counts = this.errors[kind];
    if (what.status !== undefined) counts.byStatus[what.status] = (counts.byStatus[what.status] ?? 0) + 1;
    else if (what.timeout) counts.timeout += 1;
    else counts.network += 1;
  }

  ackedReferrals(): AckedReferral[] {
    return [...this.referralsSent.values()].flatMap((e) => (e.acked ? [e.acked] : []));
  }

  ackedCompletions(): AckedCompletion[] {
    return [...this.completionsSent.values()].flatMap((e) => (e.acked ? [e.acked] : []));
  }
}

function emptyErrors(): ErrorCounts {
  return { network: 0, timeout: 0, byStatus: {} };
}

export const errorTotal = (c: ErrorCounts, only5xx = true): number =>
  c.network + c.timeout + Object.entries(c.byStatus).reduce((n, [status, count]) => n + (!only5xx || Number(status) >= 500 ? count : 0), 0);
