import { taskIdFor, type CaseId } from '@continuum/domain';
import type { Store } from '@continuum/store';
import type { Ledger } from './ledger';
import { countBy, expectedDeliveries, expectedFacts, fingerprint, progressOf, takeSnapshot, type Snapshot } from './snapshot';

export interface Pending {
  /** Acknowledged referrals without their referral, case or review task yet. */
  cases: string[];
  /** Acknowledged completions not applied yet, and applied ones whose next step's task is not there yet. */
  completions: string[];
  /** Facts the records call for that the projection does not hold yet. */
  facts: string[];
  /** Cases whose summary is folded from fewer facts than stored (or missing). */
  summaries: string[];
  /** Notices owed to the case managers not delivered yet. */
  notices: string[];
}

export const pendingTotal = (p: Pending) => p.cases.length + p.completions.length + p.facts.length + p.summaries.length + p.notices.length;
export const pendingIds = (p: Pending) => [...p.cases, ...p.completions, ...p.facts, ...p.summaries, ...p.notices];

/** What the system still owes the ledger: once nothing is pending, the checks can run. */
export function pendingWork(s: Snapshot, ledger: Ledger): Pending {
  const referrals = new Set(s.referrals.map((r) => r._id));
  const cases = new Set(s.cases.map((c) => c._id));
  const tasks = new Map(s.tasks.map((t) => [t._id, t]));
  const factIds = new Set(s.facts.map((f) => f._id));
  const pending: Pending = { cases: [], completions: [], facts: [], summaries: [], notices: [] };
  for (const r of ledger.ackedReferrals()) {
    if (!referrals.has(r.caseId) || !cases.has(r.caseId) || !tasks.has(taskIdFor(r.caseId as CaseId, 1))) pending.cases.push(r.caseId);
  }
  for (const c of ledger.ackedCompletions()) {
    if (tasks.get(c.taskId)?.status !== 'completed') pending.completions.push(c.taskId);
  }
  // Every completion applied, acknowledged or not, has its next step: accepting opens the first contact
  // (task 2), rejecting closes the case; a first contact that reached the family opens the needs assessment (task 3).
  const progress = progressOf(s);
  for (const c of s.cases) {
    const p = progress(c._id);
    const id = (n: number) => taskIdFor(c._id as CaseId, n);
    if ((p.accepted && !tasks.has(id(2))) || (p.rejected && c.stage !== 'closed')) pending.completions.push(id(1));
    if (p.contacted && !tasks.has(id(3))) pending.completions.push(id(2));
  }
  for (const id of expectedFacts(s).keys()) if (!factIds.has(id)) pending.facts.push(id);
  const factsPerCase = countBy(s.facts, (f) => f.caseId);
  const summaries = new Map(s.summaries.map((x) => [x._id, x.factCount]));
  for (const [caseId, n] of factsPerCase) if ((summaries.get(caseId) ?? -1) < n) pending.summaries.push(caseId);
  const delivered = new Set(s.deliveries.filter((d) => d.status === 'delivered').map((d) => d._id));
  for (const id of expectedDeliveries(s)) if (!delivered.has(id)) pending.notices.push(id);
  return pending;
}

/**
 * Waits until nothing is pending and the system is at rest (two equal snapshots in a row: a request that
 * timed out at the client may still be applied), or until nothing has moved for `stallMs`, or `maxMs`.
 * Prints progress every few seconds; gives the last snapshot.
 */
export async function drain(
  store: Store,
  ledger: Ledger,
  limits: { stallMs: number; maxMs: number },
  say: (line: string) => void,
): Promise<{ snapshot: Snapshot; pending: Pending; waitedMs: number; timedOut: boolean }> {
  const started = Date.now();
  let lastSaid = 0;
  let previous = '';
  let movedAt = Date.now();
  for (;;) {
    let snapshot: Snapshot;
    try {
      snapshot = await takeSnapshot(store);
    } catch (err) {
      say(`[faults] drain: reading MongoDB failed (${(err as Error).message}); trying again`);
      await new Promise((r) => setTimeout(r, 2_000));
      continue;
    }
    const pending = pendingWork(snapshot, ledger);
    const now = fingerprint(snapshot);
    const atRest = now === previous;
    if (!atRest) movedAt = Date.now();
    previous = now;
    const waitedMs = Date.now() - started;
    if (pendingTotal(pending) === 0 && atRest) return { snapshot, pending, waitedMs, timedOut: false };
    if (Date.now() - movedAt > limits.stallMs || waitedMs > limits.maxMs) return { snapshot, pending, waitedMs, timedOut: true };
    if (Date.now() - lastSaid > 5_000) {
      lastSaid = Date.now();
      say(
        `[faults] drain ${Math.round(waitedMs / 1000)} s: waiting for ${pending.cases.length} cases, ${pending.completions.length} completions, ` +
          `${pending.facts.length} facts, ${pending.summaries.length} summaries, ${pending.notices.length} notices`,
      );
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
}
