import { Client } from 'pg';

/**
 * What the store's own statistics say a run did, collection by collection: PostgreSQL counts, per table,
 * the sequential scans and the rows they read, and the index scans (pg_stat_user_tables). A sequential scan
 * of a big table in a hot path is a query no index serves. Only on the embedded store (FerretDB on our
 * PostgreSQL); elsewhere MongoDB's own profiler says the same.
 */
export interface CollectionScans {
  collection: string;
  rows: number;
  seqScans: number;
  seqRowsRead: number;
  indexScans: number;
}

export async function storeScans(postgresUrl: string, database = 'continuum'): Promise<Map<string, CollectionScans>> {
  const pg = new Client({ connectionString: postgresUrl });
  await pg.connect();
  try {
    // Statistics reach the shared counters within a second of a statement; a fresh snapshot reads them.
    await new Promise((r) => setTimeout(r, 1500));
    await pg.query('SELECT pg_stat_clear_snapshot()');
    const tables = await pg.query<{ collection: string; tbl: string }>(
      `SELECT _jsonb->>'_id' AS collection, _jsonb->>'table' AS tbl FROM ${ident(database)}._ferretdb_database_metadata`,
    );
    const stats = await pg.query<{ relname: string; n_live_tup: string; seq_scan: string; seq_tup_read: string; idx_scan: string | null }>(
      'SELECT relname, n_live_tup, seq_scan, seq_tup_read, idx_scan FROM pg_stat_user_tables WHERE schemaname = $1',
      [database],
    );
    const byTable = new Map(stats.rows.map((r) => [r.relname, r]));
    const out = new Map<string, CollectionScans>();
    for (const { collection, tbl } of tables.rows) {
      const r = byTable.get(tbl);
      if (r)
        out.set(collection, {
          collection,
          rows: Number(r.n_live_tup),
          seqScans: Number(r.seq_scan),
          seqRowsRead: Number(r.seq_tup_read),
          indexScans: Number(r.idx_scan ?? 0),
        });
    }
    return out;
  } finally {
    await pg.end();
  }
}

/** What happened between two readings, the collections that scanned first (most rows read by sequential scans). */
export function scansBetween(before: Map<string, CollectionScans>, after: Map<string, CollectionScans>): CollectionScans[] {
  return [...after.values()]
    .map((a) => {
      const b = before.get(a.collection);
      return {
        collection: a.collection,
        rows: a.rows,
        seqScans: a.seqScans - (b?.seqScans ?? 0),
        seqRowsRead: a.seqRowsRead - (b?.seqRowsRead ?? 0),
        indexScans: a.indexScans - (b?.indexScans ?? 0),
      };
    })
    .filter((d) => d.seqScans > 0 || d.indexScans > 0)
    .sort((x, y) => y.seqRowsRead - x.seqRowsRead || y.seqScans - x.seqScans);
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
