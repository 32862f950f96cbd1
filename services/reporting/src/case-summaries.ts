import type { Logger } from '@continuum/log';
import type { Store } from '@continuum/store';
import { caseCells, cellDelta } from './cells';
import { cellParts, opOf, settle, settleAll, storedParts, type Pending, type StoredPart } from './cell-store';
import { foldFacts, type CaseFacts, type FactRecord } from './facts';

const FACT_FIELDS = { caseId: 1, programme: 1, district: 1, at: 1, fact: 1 } as const;

/** Folds the facts of some cases and writes their summaries. */
export async function refreshCases(store: Store, caseIds: readonly string[]): Promise<number> {
  if (caseIds.length === 0) return 0;
  const records = (await store.reportFacts.find({ caseId: { $in: [...caseIds] } }, FACT_FIELDS).lean()) as unknown as FactRecord[];
  return writeSummaries(store, records, { _id: { $in: [...caseIds] } });
}

/** Folds every fact and writes every summary: after a rebuild, and at start (a crash may have left some behind). */
export async function refreshAllCases(store: Store): Promise<number> {
  const records = (await store.reportFacts.find({}, FACT_FIELDS).lean()) as unknown as FactRecord[];
  return writeSummaries(store, records, {});
}

/**
 * The rules cells are computed by: a summary written under other rules is written again at the next start,
 * and its delta moves its contributions from the old rules' cells to the new ones'.
 */
export const CELLS_VERSION = 2; // 2: a child's HIV status final by the policy's rule, counted once (issue 14)

type Stored = { _id: string; factCount: number; rev?: number; cellsVersion?: number; cells?: StoredPart[]; pending?: Pending };
const STORED_FIELDS = { factCount: 1, rev: 1, cellsVersion: 1, cells: 1, pending: 1 } as const;

/**
 * Writes the summaries the facts give, where they differ from the stored ones, and moves each case's
 * contributions in the indicator cells by the difference (cell-store.ts). The stored summaries are read in
 * one query; new ones are inserted together (a start or a rebuild does not write one at a time what is
 * all new), the others written one by one.
 */
async function writeSummaries(store: Store, records: readonly FactRecord[], storedOnes: Record<string, unknown>): Promise<number> {
  if (records.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.caseId, (counts.get(r.caseId) ?? 0) + 1);
  const stored = new Map(((await store.reportCases.find(storedOnes, STORED_FIELDS).lean()) as unknown as Stored[]).map((d) => [d._id, d]));
  const summaries = foldFacts(records).map((facts) => summaryOf(facts, counts.get(facts._id)!));
  const fresh = summaries.filter((s) => !stored.has(s._id));
  const others = summaries.filter((s) => stored.has(s._id) && isBehind(stored.get(s._id)!, s));
  let written = 0;
  if (fresh.length) {
    const docs = fresh.map((s) => withCells(s, undefined));
    try {
      written += (await store.reportCases.insertMany(docs, { ordered: false })).length;
      for (const doc of docs) if (doc.pending) await settle(store, doc._id, doc.pending);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Another writer inserted some meanwhile (or some of these went in): each goes the careful way.
      others.push(...fresh);
    }
  }
  for (const summary of others) if (await writeSummary(store, summary, stored.get(summary._id))) written += 1;
  return written;
}

const isDuplicateKey = (err: unknown) => {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number; err?: { code?: number } }> };
  return e.code === 11000 || (e.writeErrors?.length ?? 0) > 0;
};

type Summary = { _id: string; programme: string; districtsSeen: string[]; factCount: number; facts: CaseFacts; foldedAt: Date };
const summaryOf = (facts: CaseFacts, factCount: number): Summary => ({
  _id: facts._id,
  programme: facts.programme,
  districtsSeen: facts.districtsSeen ?? [],
  factCount,
  facts,
  foldedAt: new Date(),
});

/** Folded from fewer facts, or under other cell rules. */
const isBehind = (stored: Stored, summary: Summary) => stored.factCount < summary.factCount || stored.cellsVersion !== CELLS_VERSION;

/** The summary with its cells, the next revision, and the delta from what `before` applied, to settle. */
function withCells(summary: Summary, before: Stored | undefined) {
  const cells = caseCells(summary.facts);
  const delta = storedParts(cellDelta(cellParts(before?.cells ?? []), cells));
  const rev = (before?.rev ?? 0) + 1;
  const pending: Pending | undefined = delta.length ? { op: opOf(summary._id, summary.factCount, rev), at: new Date(), delta } : undefined;
  return { ...summary, rev, cellsVersion: CELLS_VERSION, cells: storedParts(cells), ...(pending ? { pending, hasPending: true as const } : {}) };
}

/**
 * Writes a case's summary over the stored one it was computed from (its revision: a writer who wrote in
 * between makes it read again), unless the stored one is as fresh; then settles the delta. A pending delta
 * found is settled first: its cells are what the stored summary says were applied. True when written.
 */
async function writeSummary(store: Store, summary: Summary, before: Stored | undefined): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt > 0) before = ((await store.reportCases.findById(summary._id, STORED_FIELDS).lean()) as unknown as Stored | null) ?? undefined;
    // Settled first, even when nothing is to be written: its writer may have stopped before it could.
    if (before?.pending) await settle(store, summary._id, before.pending);
    if (before && !isBehind(before, summary)) return false;
    const doc = withCells(summary, before);
    if (before) {
      const { _id, ...fields } = doc;
      const unset = doc.pending ? {} : { $unset: { pending: 1, hasPending: 1 } };
      const updated = await store.reportCases.updateOne({ _id, rev: before.rev ?? { $exists: false } }, { $set: fields, ...unset });
      if (updated.matchedCount === 0) continue;
    } else {
      try {
        await store.reportCases.create(doc);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        continue;
      }
    }
    if (doc.pending) await settle(store, doc._id, doc.pending);
    return true;
  }
  throw new Error(`the summary of ${summary._id} kept changing under its writer`);
}

/**
 * Keeps the summaries of the cases whose facts changed up to date, in one loop per process: the consumers
 * mark a case once its fact is stored, and the loop refreshes the marked cases a batch at a time, shortly
 * after. Marks live in memory: at start the loop refreshes every case once, so a case marked before a crash
 * is not left behind.
 */
export function createSummarizer(store: Store, log: Logger, options: { everyMs?: number; batch?: number } = {}) {
  const everyMs = options.everyMs ?? 100;
  const batch = options.batch ?? 500;
  const marked = new Set<string>();
  let stopped = false;
  let wake: (() => void) | undefined;

  const loop = (async () => {
    try {
      // A delta left pending by a process that stopped is settled before anything is folded again.
      const settled = await settleAll(store);
      const written = await refreshAllCases(store);
      log.info({ written, settled }, 'case summaries refreshed at start');
    } catch (err) {
      log.error({ err: (err as Error).message }, 'refreshing the case summaries at start failed');
    }
    while (!stopped) {
      if (marked.size === 0) await new Promise<void>((resolve) => (wake = resolve));
      if (stopped) break;
      await new Promise((r) => setTimeout(r, everyMs)); // gathers a burst of events into one batch
      const ids = [...marked].slice(0, batch);
      for (const id of ids) marked.delete(id);
      try {
        await refreshCases(store, ids);
      } catch (err) {
        for (const id of ids) marked.add(id); // tried again next round
        log.warn({ err: (err as Error).message, cases: ids.length }, 'refreshing case summaries failed, will retry');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  })();

  return {
    mark(caseId: string): void {
      marked.add(caseId);
      wake?.();
      wake = undefined;
    },
    async stop(): Promise<void> {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
export type Summarizer = ReturnType<typeof createSummarizer>;
