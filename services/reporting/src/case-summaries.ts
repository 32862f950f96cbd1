import type { Logger } from '@continuum/log';
import type { Store } from '@continuum/store';
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
 * Writes the summaries the facts give, where they differ from the stored ones: the stored fact counts are
 * read in one query, new summaries inserted together, stale ones updated one by one (so a start, or a
 * rebuild, does not write a document per case when nothing or everything changed).
 */
async function writeSummaries(store: Store, records: readonly FactRecord[], storedOnes: Record<string, unknown>): Promise<number> {
  if (records.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.caseId, (counts.get(r.caseId) ?? 0) + 1);
  const stored = new Map((await store.reportCases.find(storedOnes, { factCount: 1 }).lean()).map((d) => [d._id, d.factCount]));
  const summaries = foldFacts(records).map((facts) => summaryOf(facts, counts.get(facts._id)!));
  const fresh = summaries.filter((s) => !stored.has(s._id));
  const stale = summaries.filter((s) => stored.has(s._id) && stored.get(s._id)! < s.factCount);
  let written = 0;
  if (fresh.length) {
    try {
      written += (await store.reportCases.insertMany(fresh, { ordered: false })).length;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Another writer inserted some meanwhile: each goes through the conditional write (a no-op where it is as fresh).
      stale.push(...fresh);
    }
  }
  for (const summary of stale) if (await writeSummary(store, summary)) written += 1;
  return written;
}

const isDuplicateKey = (err: unknown) => {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number; err?: { code?: number } }> };
  return e.code === 11000 || (e.writeErrors?.length ?? 0) > 0;
};

type Summary = { _id: string; programme: string; districtsSeen: string[]; factCount: number; facts: CaseFacts; foldedAt: Date };
const summaryOf = (facts: CaseFacts, factCount: number): Summary => ({ _id: facts._id, programme: facts.programme, districtsSeen: facts.districtsSeen ?? [], factCount, facts, foldedAt: new Date() });

/**
 * Writes a case's summary unless one folded from as many facts or more is there: facts are only added,
 * so that one is as fresh or fresher (two writers at once, e.g. a rebuild and the service, cannot put an
 * older fold over a newer one). True when written.
 */
async function writeSummary(store: Store, summary: Summary): Promise<boolean> {
  const { _id, ...doc } = summary;
  for (let attempt = 0; attempt < 2; attempt++) {
    const updated = await store.reportCases.updateOne({ _id, factCount: { $lt: summary.factCount } }, { $set: doc });
    if (updated.matchedCount > 0) return true;
    try {
      await store.reportCases.create(summary);
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // There is one: as fresh (nothing to do), or it was inserted between the two calls (try the update again).
    }
  }
  return false;
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
      const written = await refreshAllCases(store);
      log.info({ written }, 'case summaries refreshed at start');
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
