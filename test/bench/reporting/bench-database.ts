import { connectStore, type Store } from '@continuum/store';
import { loadDemoData } from '../../../infra/src/demo-data';
import { ticker } from '../support/progress';
import { addParts, caseCells, type CellPart } from '../../../services/reporting/src/cells';
import { storedParts } from '../../../services/reporting/src/cell-store';
import type { CaseFacts } from '../../../services/reporting/src/facts';
import { syntheticCaseSummary } from './synthetic-cases';

/** A database of its own on the system's server: the system's data stays as it was, and dropping it leaves nothing behind. */
export const BENCH_DATABASE = 'continuum-bench-reporting';

/** The system's MongoDB URL with the database name replaced (hosts, port and options kept). */
export function benchDatabaseUrl(mongoUrl: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(mongoUrl);
  if (!match) throw new Error(`cannot read the database name in ${mongoUrl}`);
  return `${match[1]}/${BENCH_DATABASE}${match[2] ?? ''}`;
}

/**
 * Connects to an empty bench database with the real indexes and the demo reference data (loadDistricts
 * reads districts and staff). Dropped first, in case an earlier run was stopped before its cleanup.
 */
export async function openBenchDatabase(mongoUrl: string): Promise<Store> {
  const store = await connectStore(benchDatabaseUrl(mongoUrl));
  await store.db.dropDatabase();
  await store.ensureIndexes();
  // A scratch copy, dropped after the run: loading it is no change to the city's data, so it is not audited.
  await loadDemoData(store, async () => 'not-audited');
  return store;
}

/** Dropped whole: FerretDB cannot deleteMany({}) a large collection in one go, and a drop removes its SQLite file. */
export async function dropBenchDatabase(store: Store): Promise<void> {
  await store.db.dropDatabase();
  await store.close();
}

export interface SeedRun {
  /** Cases folded into cells so far, and the cells they make. */
  cases: number;
  cells: number;
  /** Making the cases and their cells (in this process), and writing the cells. */
  foldSeconds: number;
  writeSeconds: number;
}

/**
 * Adds synthetic cases number `from` to `to` - 1 to the running sum of their cells (their summaries are
 * made and dropped: the quarter's indicators never read them), then writes the sum as the cells, as the
 * summarizer's deltas would have left them. Seeds a million cases in minutes, not through workflows.
 */
export async function seedCells(store: Store, sum: Map<string, CellPart>, from: number, to: number, say: (line: string) => void): Promise<SeedRun> {
  const started = performance.now();
  let done = 0;
  const progress = ticker(() => `folding cases into cells: ${(from + done).toLocaleString('en-US')}/${to.toLocaleString('en-US')}`, say);
  try {
    for (let i = from; i < to; i++, done++) {
      const summary = syntheticCaseSummary(i);
      addParts(sum, caseCells(summary.facts as CaseFacts));
      if (done % 5000 === 0) await new Promise((r) => setImmediate(r)); // lets the ticker speak
    }
  } finally {
    progress.stop();
  }
  const folded = performance.now();
  await store.reportCells.deleteMany({});
  const docs = storedParts(sum).map(({ key, ...cell }) => ({ _id: key, ...cell, ops: {} }));
  for (let i = 0; i < docs.length; i += 500) await store.reportCells.collection.insertMany(docs.slice(i, i + 500) as never[]);
  return { cases: to, cells: docs.length, foldSeconds: (folded - started) / 1000, writeSeconds: (performance.now() - folded) / 1000 };
}
