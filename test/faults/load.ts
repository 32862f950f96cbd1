import { taskIdFor, type CaseId } from '@continuum/domain';
import { abandonmentReferral, FIRST_CONTACT_FORM, hivReferral, type ReferralFrom } from '../harness/referrals';
import { FORMS } from '../harness/forms';
import type { TestSystem } from '../harness/system-file';
import { HttpClient, type Outcome } from './http-client';
import type { CompletionKind, Ledger } from './ledger';

/** The two programmes' demo districts, with who reviews the referrals and a caseworker who can read the tasks. */
const LANES = [
  { make: hivReferral, supervisor: 'sup-spb-north', reader: 'sw-nevsky-1', workers: ['sw-nevsky-2'] },
  { make: abandonmentReferral, supervisor: 'sup-almaty', reader: 'sw-almaty-1', workers: [] },
] as const;

export interface LoadOptions {
  /** New referrals per second. */
  rate: number;
  /** How long an unacknowledged request keeps being retried once the load stops (a client gives up some time). */
  retryAfterStopMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A steady stream of referrals from the harness process, each followed (as a district would) by the
 * supervisor accepting it (a few rejecting it) and, for most, the case manager recording the first contact. Every request is
 * retried until it is acknowledged, as a client would; only acknowledged ones go to the ledger.
 *
 * Task ids are the system's own deterministic ones (taskIdFor): a non-urgent case's first task is its
 * referral review, and accepting it opens the first contact as its second.
 */
export class LoadGenerator {
  /** Referrals and casework calls wait apart: completions waiting on a slow case never hold up the referral stream. */
  private readonly intake = new HttpClient(16, 15_000);
  /** A completion waits for the case's workflow to apply it: a person in front of a screen waits half a minute. */
  private readonly casework = new HttpClient(48, 30_000);
  private readonly flows = new Set<Promise<void>>();
  private issuing = false;
  private giveUpAt = Infinity;
  private ticker?: NodeJS.Timeout;
  private sent = 0;
  private readonly tag = Date.now().toString(36);

  constructor(
    private readonly system: TestSystem,
    private readonly ledger: Ledger,
    private readonly tokens: { tokenFor(staffId: string): Promise<string>; facilityToken(facilityId: string): Promise<string> },
    private readonly options: LoadOptions,
  ) {}

  /** Every token the load uses, fetched before any server is killed (the provider reads the directory). */
  async prepare(): Promise<void> {
    for (const lane of LANES) {
      await this.tokens.facilityToken(lane.make().facilityId);
      for (const staff of [lane.supervisor, lane.reader, ...lane.workers]) await this.tokens.tokenFor(staff);
    }
  }

  private tokenFor(staffId: string): Promise<string> {
    return this.tokens.tokenFor(staffId);
  }

  get inFlight(): number {
    return this.flows.size;
  }

  start(): void {
    this.issuing = true;
    this.ticker = setInterval(() => {
      if (!this.issuing) return;
      const n = this.sent++;
      this.track(this.caseFlow(n).catch((err: Error) => void this.ledger.anomalies.push(`flow ${n} crashed: ${err.stack ?? err.message}`)));
    }, 1000 / this.options.rate);
  }

  /** No new referrals; requests not yet acknowledged are retried a while longer, then given up. */
  async stop(): Promise<void> {
    this.issuing = false;
    clearInterval(this.ticker);
    this.giveUpAt = Date.now() + this.options.retryAfterStopMs;
    while (this.flows.size > 0) await Promise.allSettled([...this.flows]);
  }

  private async caseFlow(n: number): Promise<void> {
    const lane = LANES[n % LANES.length]!;
    const referral = lane.make({ referralId: `faults-${this.tag}-${n}`, referredAt: new Date(Date.now() - 3_600_000).toISOString() });
    const caseId = await this.refer(referral);
    if (!caseId) return;
    // A client that sends an acknowledged referral again (a resend after a lost answer looks the same).
    if (n % 10 === 3) this.track(this.repeat(referral, caseId));
    if (n % 7 === 6) return; // some referrals wait in review
    const decision = n % 11 === 5 ? { ...FORMS.reject } : { ...FORMS.accept }; // a few are rejected: the case closes
    const reviewed = await this.complete(caseId as CaseId, taskIdFor(caseId as CaseId, 1), 'referral-review', () => Promise.resolve(lane.supervisor), decision);
    if (!reviewed || decision.decision === 'reject' || n % 3 === 2) return; // some cases wait for their first contact
    const firstContact = taskIdFor(caseId as CaseId, 2);
    await this.complete(caseId as CaseId, firstContact, 'first-contact', () => this.assigneeOf(firstContact, lane.reader), { ...FIRST_CONTACT_FORM });
  }

  private track(flow: Promise<void>): void {
    this.flows.add(flow);
    void flow.finally(() => this.flows.delete(flow));
  }

  /** POST /referrals until acknowledged; the case id it answers. */
  private async refer(referral: ReferralFrom): Promise<string | undefined> {
    const { facilityId, ...body } = referral;
    for (let attempt = 1; ; attempt++) {
      this.ledger.referralAttempt(referral.referralId);
      const outcome = await this.intake.call('POST', `${this.system.intakeUrl}/referrals`, { token: await this.tokens.facilityToken(facilityId), body });
      if (outcome.kind === 'answer' && (outcome.status === 202 || outcome.status === 200)) {
        this.ledger.referralAcked({
          caseId: outcome.body.caseId,
          referralId: referral.referralId,
          facilityId: referral.facilityId,
          district: referral.district,
          status: outcome.status,
          ackedAt: Date.now(),
        });
        return outcome.body.caseId as string;
      }
      if (!this.retryable('referrals', outcome, `referral ${referral.referralId}`)) return undefined;
      if (!(await this.backoff(attempt))) return undefined;
    }
  }

  /** The same referral again after it was acknowledged: 200, the same case, marked a duplicate. */
  private async repeat(referral: ReferralFrom, caseId: string): Promise<void> {
    const { facilityId, ...body } = referral;
    await sleep(2_000);
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.intake.call('POST', `${this.system.intakeUrl}/referrals`, { token: await this.tokens.facilityToken(facilityId), body });
      if (outcome.kind === 'answer' && outcome.status < 300) {
        this.ledger.repeatsAcked += 1;
        if (outcome.status !== 200 || outcome.body.caseId !== caseId || outcome.body.duplicate !== true) {
          this.ledger.anomalies.push(
            `repeated referral ${referral.referralId}: ${outcome.status} ${JSON.stringify(outcome.body)}, first answer was case ${caseId}`,
          );
        }
        return;
      }
      if (!this.retryable('referrals', outcome, `repeated referral ${referral.referralId}`)) return;
      if (!(await this.backoff(attempt))) return;
    }
  }

  /**
   * POST /tasks/{id}/complete until acknowledged. A 404 means the task is not there yet (the case is still
   * being started); a 409 after attempts without an answer means one of them was applied. True when the
   * completion is known to be applied.
   */
  private async complete(
    caseId: CaseId,
    taskId: string,
    kind: CompletionKind,
    actorOf: () => Promise<string | undefined>,
    form: Record<string, unknown>,
  ): Promise<boolean> {
    await sleep(2_000); // a person takes a moment, and the task a moment to appear
    const actor = await actorOf();
    if (!actor) return false;
    let unanswered = 0;
    for (let attempt = 1; ; attempt++) {
      this.ledger.completionAttempt(taskId, caseId, kind);
      const outcome = await this.casework.call('POST', `${this.system.caseworkUrl}/tasks/${taskId}/complete`, {
        token: await this.tokenFor(actor),
        body: { form },
      });
      if (outcome.kind === 'answer' && outcome.status === 200) {
        this.ledger.completionAcked({ taskId, caseId, kind, actor, form, ackedAt: Date.now() });
        return true;
      }
      if (outcome.kind === 'answer' && outcome.status === 409 && unanswered > 0) {
        this.ledger.completionAlreadyApplied(taskId);
        return true;
      }
      if (outcome.kind === 'answer' && outcome.status === 404) {
        this.ledger.error('completions', { status: 404 });
        if (!(await this.notYet(attempt))) return false;
        continue;
      }
      if (!this.retryable('completions', outcome, `completing ${kind} ${taskId} as ${actor}`)) return false;
      unanswered += 1;
      if (!(await this.backoff(attempt))) return false;
    }
  }

  /** The task's assignee (the case manager), read through the API by a caseworker of the district. */
  private async assigneeOf(taskId: string, reader: string): Promise<string | undefined> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.casework.call('GET', `${this.system.caseworkUrl}/tasks/${taskId}`, { token: await this.tokenFor(reader) });
      if (outcome.kind === 'answer' && outcome.status === 200) {
        if (outcome.body.type !== 'first-contact' || !outcome.body.assigneeId) {
          this.ledger.anomalies.push(`task ${taskId} is ${outcome.body.type} assigned to ${outcome.body.assigneeId}; expected an assigned first-contact`);
          return undefined;
        }
        return outcome.body.assigneeId as string;
      }
      if (outcome.kind === 'answer' && outcome.status === 404) {
        this.ledger.error('reads', { status: 404 });
        if (!(await this.notYet(attempt))) return undefined;
        continue;
      }
      if (!this.retryable('reads', outcome, `reading ${taskId}`)) return undefined;
      if (!(await this.backoff(attempt))) return undefined;
    }
  }

  /** Counts a failed attempt; false (and an anomaly) for an answer no fault explains (4xx on a valid request). */
  private retryable(kind: 'referrals' | 'completions' | 'reads', outcome: Outcome, what: string): boolean {
    if (outcome.kind === 'answer') {
      this.ledger.error(kind, { status: outcome.status });
      if (outcome.status < 500) {
        this.ledger.anomalies.push(`${what}: ${outcome.status} ${JSON.stringify(outcome.body).slice(0, 300)}`);
        return false;
      }
      return true;
    }
    this.ledger.error(kind, { timeout: outcome.kind === 'timeout' });
    return true;
  }

  /**
   * Waits before asking again for a task that is not there yet (2 s, 3 s … up to 10 s): polling a backlog
   * faster only adds to it.
   */
  private async notYet(attempt: number): Promise<boolean> {
    await sleep(Math.min(10_000, 1_000 + 1_000 * attempt));
    return Date.now() < this.giveUpAt;
  }

  /** Waits before the next attempt (1 s, 2 s, then 3 s); false once the load has stopped and the retry time is over. */
  private async backoff(attempt: number): Promise<boolean> {
    await sleep(Math.min(3_000, 1_000 * attempt));
    return Date.now() < this.giveUpAt;
  }
}
