import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { caseWorkflowId, type CaseId, type CaseStatus } from '@continuum/domain';
import { dataConverter } from '@continuum/temporal';
import { caseStatusQuery } from '@continuum/workflows';
import { streamMessages } from '../harness/nats-reader';
import type { OpenTestSystem } from '../harness/system';
import type { Ledger } from './ledger';
import { countBy, EXPECTED_KINDS, expectedDeliveries, expectedFacts, progressOf, type Snapshot } from './snapshot';

/** A check that did not hold: what differed, and a few of the ids it concerns. */
export interface Failure {
  check: string;
  ids: string[];
}

export type Counts = Record<string, number>;

/**
 * Compares the system with the ledger and with itself, as sets: the acknowledged referrals and their cases
 * and workflows, the acknowledged completions and their effects (each once), the workflows' statuses and
 * replays, and the events the services recorded against the bus and the reporting projection.
 */
export class Checks {
  readonly counts: Counts = {};
  readonly failures: Failure[] = [];

  constructor(
    private readonly t: OpenTestSystem,
    private readonly ledger: Ledger,
    private readonly s: Snapshot,
  ) {}

  private fail(check: string, ids: Iterable<string>): void {
    const list = [...ids];
    if (list.length > 0) this.failures.push({ check: `${check} (${list.length})`, ids: list });
  }

  async run(say: (line: string) => void): Promise<void> {
    this.referrals();
    this.completions();
    say('[faults] checking the workflows (status, state by query, replay)');
    await this.workflows();
    await this.replay();
    say('[faults] checking the events: history, bus, projection');
    await this.events();
    this.summaries();
    this.notices();
    if (this.ledger.anomalies.length > 0) this.fail('answers no fault explains', this.ledger.anomalies);
  }

  /** Each acknowledged referral is exactly one referral, one case; every case comes from a referral we sent. */
  private referrals(): void {
    const acked = this.ledger.ackedReferrals();
    const docsPerReferral = countBy(this.s.referrals, (r) => `${r.facilityId}/${r.referralId}`);
    const cases = new Set(this.s.cases.map((c) => c._id));
    const referralOfCase = new Map(this.s.referrals.map((r) => [r._id, r.referralId]));
    this.counts['referrals sent'] = this.ledger.referralsSent.size;
    this.counts['referrals acknowledged'] = acked.length;
    this.counts['  of them answered 200 (after a lost answer)'] = acked.filter((r) => r.status === 200).length;
    this.counts['repeats acknowledged (same case)'] = this.ledger.repeatsAcked;
    this.counts['cases found'] = cases.size;
    const fromUnacked = [...cases].filter((id) => {
      const sent = this.ledger.referralsSent.get(referralOfCase.get(id) ?? '');
      return sent && !sent.acked;
    });
    this.counts['  cases of unacknowledged referrals (allowed)'] = fromUnacked.length;
    const duplicates = [...docsPerReferral].filter(([, n]) => n > 1).map(([k]) => k);
    this.counts['duplicate referrals/cases'] = duplicates.length;
    this.fail('referrals stored more than once', duplicates);
    const missing = acked.filter((r) => !cases.has(r.caseId) || !referralOfCase.has(r.caseId)).map((r) => r.caseId);
    this.counts['acknowledged referrals without a case'] = missing.length;
    this.fail('acknowledged referrals without their referral and case', missing);
    this.fail(
      'cases of referrals this run never sent',
      [...cases].filter((id) => !this.ledger.referralsSent.has(referralOfCase.get(id) ?? '')),
    );
  }

  /** Each acknowledged completion is applied, as acknowledged, once; nothing is completed that nobody sent. */
  private completions(): void {
    const tasks = new Map(this.s.tasks.map((t) => [t._id, t]));
    const acked = this.ledger.ackedCompletions();
    this.counts['completions acknowledged'] = acked.length;
    this.counts['  referral reviews'] = acked.filter((c) => c.kind === 'referral-review').length;
    this.counts['    of them rejections (the case closes)'] = acked.filter((c) => c.kind === 'referral-review' && c.form.decision === 'reject').length;
    this.counts['  first contacts'] = acked.filter((c) => c.kind === 'first-contact').length;
    this.counts['  applied without an answer (409 on retry, allowed)'] = [...this.ledger.completionsSent.values()].filter((c) => c.unackedBefore409).length;
    const notApplied = acked.filter((c) => tasks.get(c.taskId)?.status !== 'completed');
    const different = acked.filter((c) => {
      const task = tasks.get(c.taskId);
      return task?.status === 'completed' && (task.completedBy !== c.actor || !isDeepStrictEqual(task.form, c.form));
    });
    this.counts['completions applied (task completed as acknowledged)'] = acked.length - notApplied.length - different.length;
    this.fail(
      'acknowledged completions whose task is not completed',
      notApplied.map((c) => c.taskId),
    );
    this.fail(
      'acknowledged completions stored with another actor or form',
      different.map((c) => `${c.taskId} (${tasks.get(c.taskId)?.completedBy})`),
    );
    this.fail(
      'tasks completed that no request of this run completed',
      this.s.tasks.filter((t) => t.status === 'completed' && !this.ledger.completionsSent.has(t._id)).map((t) => t._id),
    );

    // Once: each step's effects exist as often as its task was completed (0 or 1), never twice.
    const historyOf = countBy(this.s.history, (h) => `${h.caseId} ${h.type}`);
    const tasksOf = countBy(this.s.tasks, (t) => `${t.caseId} ${t.type}`);
    const referralStatus = new Map(this.s.referrals.map((r) => [r._id, r.status]));
    const progress = progressOf(this.s);
    const twice: string[] = [];
    const wrong: string[] = [];
    for (const c of this.s.cases) {
      const p = progress(c._id);
      // What the referring facility reads: accepted once reviewed, in progress once the family was reached.
      const status = p.contacted ? 'in-progress' : p.accepted ? 'accepted' : p.rejected ? 'rejected' : 'requested';
      if (referralStatus.get(c._id) !== status) wrong.push(`${c._id}: referral ${referralStatus.get(c._id)}, expected ${status}`);
      const expected: Record<string, number> = {
        'history referral-accepted': Number(p.accepted),
        'history case-assigned': Number(p.accepted),
        'history case-closed': Number(p.rejected),
        'history referral-in-progress': Number(p.contacted),
        'task referral-review': 1,
        'task first-contact': Number(p.accepted),
        'task needs-assessment': Number(p.contacted),
      };
      for (const [what, n] of Object.entries(expected)) {
        const [where, type] = what.split(' ') as ['history' | 'task', string];
        const found = (where === 'history' ? historyOf : tasksOf).get(`${c._id} ${type}`) ?? 0;
        if (found > n) twice.push(`${c._id}: ${found}× ${what}`);
        else if (found < n) wrong.push(`${c._id}: ${found}× ${what}, expected ${n}`);
      }
    }
    this.counts['completions applied twice'] = twice.length;
    this.fail('effects of a completion applied more than once', twice);
    this.fail('effects of a completion missing', wrong);
  }

  /** Every case workflow is running or closed, never failed; its state (by query) matches its tasks. */
  private async workflows(): Promise<void> {
    const runs = new Map<string, string[]>();
    for await (const wf of this.t.temporal.workflow.list({ query: "WorkflowType = 'caseFollowUp'" })) {
      runs.set(wf.workflowId, [...(runs.get(wf.workflowId) ?? []), wf.status.name]);
    }
    const latest = [...runs.values()].map((statuses) => statuses.filter((s) => s !== 'CONTINUED_AS_NEW'));
    const by = countBy(latest.flat(), (s) => s);
    this.counts['workflows running'] = by.get('RUNNING') ?? 0;
    this.counts['  of them cases closed (rejected; the workflow waits out the reopening window)'] = this.s.cases.filter((c) => c.stage === 'closed').length;
    this.counts['workflows closed (completed)'] = by.get('COMPLETED') ?? 0;
    const bad = [...runs].filter(([, statuses]) => statuses.some((s) => !['RUNNING', 'COMPLETED', 'CONTINUED_AS_NEW'].includes(s)));
    this.counts['workflows failed/terminated/timed out'] = bad.length;
    this.fail(
      'case workflows failed, terminated, cancelled or timed out',
      bad.map(([id, s]) => `${id} ${s.join(',')}`),
    );
    this.fail(
      'case workflows with more than one current run',
      [...runs].filter(([, s]) => s.filter((x) => x !== 'CONTINUED_AS_NEW').length > 1).map(([id]) => id),
    );
    this.fail(
      'cases without their workflow',
      this.s.cases.filter((c) => !runs.has(caseWorkflowId(c._id as CaseId))).map((c) => c._id),
    );

    const progress = progressOf(this.s);
    const mismatched: string[] = [];
    let queried = 0;
    const queue = [...this.s.cases];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          const caseId = c._id as CaseId;
          const p = progress(caseId);
          const stage = p.contacted ? 'needs-assessment' : p.accepted ? 'first-contact' : p.rejected ? 'closed' : 'intake';
          const waiting = p.contacted ? ['needs-assessment'] : p.accepted ? ['first-contact'] : p.rejected ? [] : ['referral-review'];
          let status: CaseStatus;
          try {
            status = await this.t.temporal.workflow.getHandle(caseWorkflowId(caseId)).query(caseStatusQuery);
          } catch (err) {
            mismatched.push(`${caseId}: query failed: ${(err as Error).message}`);
            continue;
          }
          queried += 1;
          const types = status.waitingFor.map((w) => w.type);
          if (status.stage !== stage || !isDeepStrictEqual(types, waiting))
            mismatched.push(`${caseId}: ${status.stage} waiting for ${types.join(',')}; tasks say ${stage}, ${waiting.join(',')}`);
        }
      }),
    );
    this.counts['workflow states queried'] = queried;
    this.counts['workflow states that differ from the tasks'] = mismatched.length;
    this.fail('workflow state (caseStatus query) differs from the stored tasks', mismatched);
  }

  /** Every case history (each run) replays against the bundled workflow code, with the payload codec. */
  private async replay(): Promise<void> {
    const { system } = this.t;
    const histories = this.t.temporal.workflow.list({ query: "WorkflowType = 'caseFollowUp'" }).intoHistories({ concurrency: 4 });
    const options = {
      workflowBundle: { codePath: system.workflowBundlePath },
      dataConverter: dataConverter({ PAYLOAD_KEY: system.payloadKey, PAYLOAD_KEY_ID: system.payloadKeyId }, { caseKeys: this.t.vault }),
    };
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') }); // the replay worker's state changes are not news
    } catch {
      /* installed already */
    }
    let ok = 0;
    const failed: string[] = [];
    for await (const result of Worker.runReplayHistories(options, histories)) {
      if (result.error) failed.push(`${result.workflowId}/${result.runId}: ${result.error.message}`);
      else ok += 1;
    }
    this.counts['histories replayed OK'] = ok;
    this.counts['histories that failed to replay'] = failed.length;
    this.fail('histories that do not replay', failed);
  }

  /**
   * The chain each event travels: recorded by a service (case history, tasks) → on the bus once → a fact of
   * the projection once. Missing anywhere, or a fact that no record explains, fails.
   */
  private async events(): Promise<void> {
    const bus = [...(await streamMessages(this.t.nats, 'REFERRALS')), ...(await streamMessages(this.t.nats, 'CASE_EVENTS'))].map(
      (m) => JSON.parse(m.text) as { eventId: string; caseId: string },
    );
    const onBus = countBy(bus, (e) => e.eventId);
    const expected = expectedFacts(this.s);
    const facts = new Map(this.s.facts.map((f) => [f._id, f]));
    this.counts['case-history entries'] = this.s.history.length;
    this.counts['events on the bus'] = bus.length;
    // JetStream drops a copy by message id; one that got through is harmless (consumers skip it) but counted.
    this.counts['  events on the bus twice (same event id)'] = [...onBus.values()].filter((n) => n > 1).length;
    this.fail(
      'case-history entries whose event is not on the bus',
      this.s.history.filter((h) => !onBus.has(h._id)).map((h) => `${h._id} (${h.type})`),
    );
    this.fail(
      'expected facts whose event is not on the bus',
      [...expected.keys()].filter((id) => !onBus.has(id)),
    );
    this.counts['facts expected from the records'] = expected.size;
    this.counts['facts projected'] = this.s.facts.length;
    const missing = [...expected].filter(([id]) => !facts.has(id)).map(([id, e]) => `${id} (${e.kind})`);
    this.counts['facts missing'] = missing.length;
    this.fail('facts missing from the projection', missing);
    const unexplained = this.s.facts.filter((f) => EXPECTED_KINDS.has(f.fact.kind) && !expected.has(f._id)).map((f) => `${f._id} (${f.fact.kind})`);
    this.fail('facts no record explains (counted twice?)', unexplained);
    const wrongKind = this.s.facts.filter((f) => expected.has(f._id) && expected.get(f._id)!.kind !== f.fact.kind).map((f) => `${f._id}: ${f.fact.kind}`);
    this.fail('facts of another kind than their record says', wrongKind);
    // Per case, a thing that happens once is one fact (another event id for it would count it twice).
    const perCase = countBy(this.s.facts, (f) => `${f.caseId} ${f.fact.kind}`);
    const once = new Set(['referred', 'opened', 'first-contact']);
    const twice = [...perCase].filter(([key, n]) => n > 1 && once.has(key.split(' ')[1]!)).map(([key, n]) => `${key} ×${n}`);
    this.counts['facts double-counted'] = unexplained.length + twice.length;
    this.fail('cases with a once-only fact more than once', twice);
    this.counts['  overdue-task facts (not expected, counted)'] = this.s.facts.filter((f) => f.fact.kind === 'task-overdue').length;
  }

  /** The case manager is told of each case and task given to her: one delivery record each, delivered. */
  private notices(): void {
    const expected = expectedDeliveries(this.s);
    const delivered = new Set(this.s.deliveries.filter((d) => d.status === 'delivered').map((d) => d._id));
    this.counts['notices owed (case and task assignments)'] = expected.size;
    this.counts['notices delivered'] = [...expected].filter((id) => delivered.has(id)).length;
    this.fail(
      'notices not delivered',
      [...expected].filter((id) => !delivered.has(id)),
    );
    // A mail is sent again only if the record could not be written after the SMTP server took it (documented).
    const mails = (existsSync(this.t.system.mailDir) ? readdirSync(this.t.system.mailDir) : [])
      .filter((f) => f.endsWith('.json'))
      .map((f) => (JSON.parse(readFileSync(join(this.t.system.mailDir, f), 'utf8')) as { messageId: string | null }).messageId ?? f);
    this.counts['  mails sent twice (same delivery id; allowed)'] = [...countBy(mails, (m) => m).values()].filter((n) => n > 1).length;
  }

  /** One summary per case with facts, folded from all of them, saying what the tasks say. */
  private summaries(): void {
    const factsPerCase = countBy(this.s.facts, (f) => f.caseId);
    const summaries = new Map(this.s.summaries.map((x) => [x._id, x]));
    const progress = progressOf(this.s);
    this.counts['case summaries'] = summaries.size;
    const stale: string[] = [];
    const wrong: string[] = [];
    for (const c of this.s.cases) {
      const summary = summaries.get(c._id);
      if (!summary || summary.factCount !== (factsPerCase.get(c._id) ?? 0)) {
        stale.push(`${c._id}: ${summary?.factCount ?? 'no summary'} of ${factsPerCase.get(c._id) ?? 0} facts`);
        continue;
      }
      const p = progress(c._id);
      const f = summary.facts;
      const closures = (f.closures as unknown[] | undefined)?.length ?? 0;
      if (
        !f.referredAt ||
        !f.openedAt ||
        Boolean(f.acceptedAt) !== p.accepted ||
        Boolean(f.firstContactAt) !== p.contacted ||
        closures !== Number(p.rejected)
      ) {
        wrong.push(
          `${c._id}: referred ${Boolean(f.referredAt)}, opened ${Boolean(f.openedAt)}, accepted ${Boolean(f.acceptedAt)}/${p.accepted}, ` +
            `first contact ${Boolean(f.firstContactAt)}/${p.contacted}, closures ${closures}/${Number(p.rejected)}`,
        );
      }
    }
    this.fail('case summaries missing or folded from fewer facts than stored', stale);
    this.fail('case summaries that disagree with the tasks', wrong);
    this.fail(
      'summaries of cases that do not exist',
      [...summaries.keys()].filter((id) => !this.s.cases.some((c) => c._id === id)),
    );
  }
}
