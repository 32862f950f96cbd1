import { createHash } from 'node:crypto';
import type { Logger } from '@continuum/log';
import type { Store } from '@continuum/store';
import { addParts, cellDelta, quartersToRead, type CellPart } from './cells';

/**
 * The indicator cells in the store (report-cell.model.ts). A case's summary holds what it contributes as
 * applied to the cells; a change of it is a delta, written into the summary first (`pending`), then added
 * to each cell by one $inc that also marks the delta's op in the cell, so a delta applied twice (a crash
 * between the cells and clearing `pending`, or two replicas settling the same summary) counts once.
 */

/** A case's parts as the summary stores them: names spelt for field paths. */
export interface StoredPart {
  key: string;
  programme: string;
  district: string;
  policyVersion: string | null;
  quarter: string;
  counts: Record<string, number>;
  ending: Record<string, number>;
  samples: Record<string, Record<string, number>>;
}
export interface Pending {
  op: string;
  at: Date;
  delta: StoredPart[];
}

/** A field path cannot hold a dot: 'firstContact.count' is stored as 'firstContact~count', a histogram's bin of 3 days as 'd3'. */
const spell = (name: string) => name.replaceAll('.', '~');
const unspell = (field: string) => field.replaceAll('~', '.');
const mapKeys = <V>(xs: Readonly<Record<string, V>>, f: (k: string) => string) => Object.fromEntries(Object.entries(xs).map(([k, v]) => [f(k), v]));

export function storedParts(parts: ReadonlyMap<string, CellPart>): StoredPart[] {
  return [...parts].map(([key, p]) => ({
    key,
    programme: p.programme,
    district: p.district,
    policyVersion: p.policyVersion,
    quarter: p.quarter,
    counts: mapKeys(p.counts, spell),
    ending: mapKeys(p.ending, spell),
    samples: Object.fromEntries(Object.entries(p.samples).map(([name, h]) => [spell(name), mapKeys(h, (value) => `d${value}`)])),
  }));
}

export function cellParts(stored: readonly StoredPart[]): Map<string, CellPart> {
  return new Map(stored.map((s) => [s.key, cellPart(s)]));
}

function cellPart(s: Omit<StoredPart, 'key'>): CellPart {
  return {
    programme: s.programme,
    district: s.district,
    policyVersion: s.policyVersion ?? null,
    quarter: s.quarter,
    counts: mapKeys(s.counts ?? {}, unspell),
    ending: mapKeys(s.ending ?? {}, unspell),
    samples: Object.fromEntries(Object.entries(s.samples ?? {}).map(([name, h]) => [unspell(name), mapKeys(h, (bin) => bin.slice(1))])),
  };
}

/** The op of a case's delta: its id, the facts folded and the summary's revision it makes. A field name: no dot, no $. */
export const opOf = (caseId: string, factCount: number, rev: number) =>
  createHash('sha256').update(`${caseId}\u0000${factCount}\u0000${rev}`).digest('base64url').slice(0, 22);

/** Adds a delta to the cells, each part once: a cell already marked with the op is left as it is. */
export async function applyDelta(store: Store, pending: Pending): Promise<void> {
  for (const part of pending.delta) {
    const inc: Record<string, number> = {};
    for (const [name, n] of Object.entries(part.counts)) inc[`counts.${name}`] = n;
    for (const [name, n] of Object.entries(part.ending)) inc[`ending.${name}`] = n;
    for (const [name, h] of Object.entries(part.samples)) for (const [bin, n] of Object.entries(h)) inc[`samples.${name}.${bin}`] = n;
    try {
      // The driver, not mongoose: its defaults on upsert would collide with the $inc paths.
      await store.reportCells.collection.updateOne(
        { _id: part.key as never, [`ops.${pending.op}`]: { $exists: false } },
        {
          $inc: inc,
          $set: { [`ops.${pending.op}`]: new Date() },
          $setOnInsert: { programme: part.programme, district: part.district, policyVersion: part.policyVersion, quarter: part.quarter },
        },
        { upsert: true },
      );
    } catch (err) {
      // The cell is there and marked with the op (the filter missed it, so the upsert tried to insert it): applied before.
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }
}

/** Applies a summary's pending delta and clears it (if it is still that one). */
export async function settle(store: Store, caseId: string, pending: Pending): Promise<void> {
  await applyDelta(store, pending);
  await store.reportCases.collection.updateOne({ _id: caseId as never, 'pending.op': pending.op }, { $unset: { pending: '', hasPending: '' } });
}

/** Settles every pending delta older than `olderThanMs` (a writer is about to settle a fresh one itself). */
export async function settleAll(store: Store, olderThanMs = 0): Promise<number> {
  const before = Date.now() - olderThanMs;
  const docs = await store.reportCases.find({ hasPending: true }, { pending: 1 }).lean();
  let settled = 0;
  for (const doc of docs) {
    const pending = doc.pending as Pending | undefined;
    if (!pending || new Date(pending.at).getTime() > before) continue;
    await settle(store, doc._id, pending);
    settled += 1;
  }
  return settled;
}

/**
 * Removes the marks of settled deltas once they are older than `olderThanMs`: long after anyone could still
 * be applying them (a settler applies a delta right after reading it; one stalled longer than that between
 * the two could count it again, which reconcileCells would then find), and never the mark of a delta still
 * pending somewhere. Marks are swept soon because FerretDB reads and writes a document field by field: a
 * busy cell with thousands of marks is slow to read and to update.
 */
export async function sweepMarks(store: Store, olderThanMs = 2 * 60_000, cells: Record<string, unknown> = {}): Promise<number> {
  const before = Date.now() - olderThanMs;
  const pending = new Set((await store.reportCases.find({ hasPending: true }, { pending: 1 }).lean()).map((d) => (d.pending as Pending | undefined)?.op));
  let swept = 0;
  for await (const cell of store.reportCells.find(cells, { ops: 1 }).lean().cursor()) {
    const old = Object.entries((cell.ops ?? {}) as Record<string, Date>).filter(([op, at]) => new Date(at).getTime() < before && !pending.has(op));
    if (old.length === 0) continue;
    await store.reportCells.collection.updateOne({ _id: cell._id as never }, { $unset: Object.fromEntries(old.map(([op]) => [`ops.${op}`, ''])) });
    swept += old.length;
  }
  return swept;
}

/**
 * Checks the cells against the summaries (each cell must be the sum of what the summaries say they
 * applied) and adds what is missing: after a rebuild, which dropped the cells while the service may have
 * been writing. Pending deltas are settled first. Returns the cells corrected; run it until it says 0
 * when writers were busy meanwhile.
 */
export async function reconcileCells(store: Store): Promise<number> {
  await settleAll(store);
  const expected = new Map<string, CellPart>();
  for await (const doc of store.reportCases.find({}, { cells: 1 }).lean().cursor()) addParts(expected, cellParts((doc.cells ?? []) as StoredPart[]));
  const actual = new Map<string, CellPart>();
  for await (const doc of store.reportCells.find({}, { ops: 0 }).lean().cursor()) actual.set(doc._id, cellPart(doc as unknown as StoredPart));
  const fix = storedParts(cellDelta(actual, expected));
  if (fix.length) await applyDelta(store, { op: `reconcile-${Date.now().toString(36)}`, at: new Date(), delta: fix });
  return fix.length;
}

/** The cells a quarter's indicators read for some districts (cells.ts: the quarter's, every later one's, the open state). */
export async function loadCells(store: Store, districtIds: readonly string[], quarter: string, now: Date, programme?: string): Promise<CellPart[]> {
  const docs = await store.reportCells.find({ district: { $in: [...districtIds] }, quarter: { $in: quartersToRead(quarter, now) } }, { ops: 0 }).lean();
  return docs.filter((d) => !programme || d.programme === programme).map((d) => cellPart(d as unknown as StoredPart));
}

/** Keeps pending deltas settled and old marks swept, every half minute, in each reporting process. */
export function startCellKeeper(store: Store, log: Logger, everyMs = 30_000) {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return; // a slow round is not run twice at once
    busy = true;
    void (async () => {
      try {
        const settled = await settleAll(store, 30_000);
        const swept = await sweepMarks(store);
        if (settled || swept) log.info({ settled, swept }, 'indicator cells kept');
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'keeping the indicator cells failed, will retry');
      } finally {
        busy = false;
      }
    })();
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
