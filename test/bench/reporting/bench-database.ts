import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { connectStore, type Store } from '@continuum/store';
import { loadDemoData } from '../../../infra/src/demo-data';
import { ticker } from '../support/progress';
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
  await loadDemoData(store);
  return store;
}

/** Dropped whole: FerretDB cannot deleteMany({}) a large collection in one go, and a drop removes its SQLite file. */
export async function dropBenchDatabase(store: Store): Promise<void> {
  await store.db.dropDatabase();
  await store.close();
}

export interface InsertRun {
  inserted: number;
  /** Time inside insertMany only: what the database took, not the making of the documents. */
  insertSeconds: number;
  wallSeconds: number;
}

/**
 * Inserts synthetic case summaries number `from` to `to` - 1 in batches, one batch at a time, with
 * insertMany(ordered: false) as the summarizer writes fresh summaries. Says how far it is every few seconds.
 */
export async function insertCaseSummaries(store: Store, from: number, to: number, batch: number, say: (line: string) => void): Promise<InsertRun> {
  const started = performance.now();
  let insertMs = 0;
  let done = 0;
  const total = to - from;
  const rate = () => Math.round(done / Math.max(insertMs / 1000, 0.001));
  const progress = ticker(() => `inserting: ${(from + done).toLocaleString('en-US')}/${to.toLocaleString('en-US')} (${rate().toLocaleString('en-US')} docs/s)`, say);
  try {
    for (let i = from; i < to; i += batch) {
      const docs = Array.from({ length: Math.min(batch, to - i) }, (_, k) => syntheticCaseSummary(i + k));
      const t0 = performance.now();
      await store.reportCases.insertMany(docs, { ordered: false });
      insertMs += performance.now() - t0;
      done += docs.length;
    }
  } finally {
    progress.stop();
  }
  return { inserted: total, insertSeconds: insertMs / 1000, wallSeconds: (performance.now() - started) / 1000 };
}

export interface DiskSize {
  /** What the server says the database takes (dbStats totalSize: data and indexes). */
  reportedBytes: number | null;
  /** FerretDB's SQLite file and its write-ahead log, when the servers are the embedded ones. */
  fileBytes: number | null;
}

export async function benchDatabaseSize(store: Store, stackDataDir: string | null): Promise<DiskSize> {
  const stats = (await store.db.db!.command({ dbStats: 1 })) as { totalSize?: number; storageSize?: number; indexSize?: number };
  const reportedBytes = stats.totalSize ?? (stats.storageSize !== undefined ? stats.storageSize + (stats.indexSize ?? 0) : null);
  let fileBytes: number | null = null;
  if (stackDataDir) {
    const file = join(stackDataDir, 'ferretdb', `${BENCH_DATABASE}.sqlite`);
    if (existsSync(file)) fileBytes = [file, `${file}-wal`].filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
  }
  return { reportedBytes, fileBytes };
}
