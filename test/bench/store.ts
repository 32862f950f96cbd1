import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { freePorts } from '../../infra/src/ports';
import { binaryPath } from '../../infra/src/servers';
import { startProcess, waitUntilReady, type SupervisedProcess } from '../../infra/src/supervised-process';
import { runPostgres } from '../../infra/src/embedded-postgres';
import { pingMongo } from '../../infra/src/embedded-stack';
import { intFlag, type Bench } from './support/bench';
import { figure, type Figure } from './support/result';

const REPEAT = 30;

/**
 * What one document operation costs as a collection grows, on a FerretDB of its own (the embedded stack's
 * build unless --store-ferretdb names another binary) on PostgreSQL, as the stack runs it, or on SQLite
 * (--store-backend=sqlite, the earlier store). Lookups by _id, and finds by an indexed field, should not grow
 * with the collection; a filter on a field without an index is a full scan on any store.
 */
export const storeBench: Bench = {
  name: 'store',
  title: 'Store: one document operation on FerretDB as a collection grows',
  flags: { 'store-sizes': '1000,10000,40000', 'store-ferretdb': '(the embedded stack build)', 'store-backend': 'pg (or sqlite)' },
  standalone: true,
  async run({ flags, say }) {
    const started = Date.now();
    const sizes = (flags['store-sizes'] ?? '1000,10000,40000').split(',').map((s, i) => intFlag({ [`store-sizes[${i}]`]: s }, `store-sizes[${i}]`, 1));
    const binary = flags['store-ferretdb'] ?? binaryPath('ferretdb');
    const backend = flags['store-backend'] ?? 'pg';
    if (backend !== 'pg' && backend !== 'sqlite') throw new Error(`--store-backend is pg or sqlite, not ${backend}`);
    const dir = mkdtempSync(join(tmpdir(), 'continuum-store-bench-'));
    chmodSync(dir, 0o711); // run as root, PostgreSQL runs as nobody, who must get through to its folder
    const ports = await freePorts(['mongo', 'debug', 'postgres'] as const);
    const url = `mongodb://127.0.0.1:${ports.mongo}/store-bench`;
    let postgres: SupervisedProcess | null = null;
    let env: NodeJS.ProcessEnv = process.env;
    if (backend === 'pg') {
      const running = await runPostgres(join(dir, 'postgres'), ports.postgres, { logFile: join(dir, 'postgres.log') });
      postgres = running.process;
      env = { ...process.env, FERRETDB_POSTGRESQL_URL: running.url };
    }
    const handler = backend === 'pg' ? ['--handler=pg'] : ['--handler=sqlite', `--sqlite-url=file:${dir}/`];
    const ferretdb = startProcess(
      'ferretdb',
      binary,
      [
        ...handler,
        `--state-dir=${dir}`,
        `--listen-addr=127.0.0.1:${ports.mongo}`,
        `--debug-addr=127.0.0.1:${ports.debug}`,
        '--telemetry=disable',
        '--log-level=warn',
      ],
      { logFile: join(dir, 'ferretdb.log'), env },
    );
    const figures: Figure[] = [];
    try {
      await waitUntilReady(ferretdb, () => pingMongo(url));
      const connection = await mongoose.createConnection(url).asPromise();
      const docs = connection.db!.collection<{ _id: string; [k: string]: unknown }>('tasks');
      await docs.createIndex({ caseId: 1 }); // as the services' schemas declare their indexes
      let inserted = 0;
      for (const size of sizes) {
        say(`filling to ${size} documents`);
        for (; inserted < size; inserted += 1000) {
          const batch = Array.from({ length: Math.min(1000, size - inserted) }, (_, j) => taskLike(inserted + j));
          await docs.insertMany(batch, { ordered: false });
        }
        inserted = size;
        const last = (i: number) => `task-${size - 1 - i}`; // the newest documents: a scan reaches them last
        const at = `${size.toLocaleString('en-US')} documents`;
        figures.push(
          figure(`findOne by _id, ${at}`, await msPerOp((i) => docs.findOne({ _id: last(i) })), 'ms'),
          figure(`updateOne by _id, ${at}`, await msPerOp((i) => docs.updateOne({ _id: last(i) }, { $set: { touched: i } })), 'ms'),
          figure(
            `upsert by _id ($setOnInsert), ${at}`,
            await msPerOp((i) => docs.updateOne({ _id: `upsert-${size}-${i}` }, { $setOnInsert: { status: 'open' } }, { upsert: true })),
            'ms',
          ),
          figure(
            `find by an indexed field, ${at}`,
            await msPerOp((i) => docs.find({ caseId: `case-${size - 1 - i}` }).toArray(), 5),
            'ms',
            backend === 'pg' ? 'the GIN index beside the declared one' : 'a full scan on SQLite',
          ),
          figure(`find by a field without an index, ${at}`, await msPerOp((i) => docs.find({ ref: `ref-${size - 1 - i}` }).toArray(), 5), 'ms', 'a full scan'),
        );
        say(
          figures
            .slice(-5)
            .map((f) => `${f.metric}: ${f.value?.toFixed(1)} ms`)
            .join('; '),
        );
      }
      await connection.close();
    } finally {
      await ferretdb.stop();
      await postgres?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    return {
      bench: 'store',
      title: storeBench.title,
      params: { sizes: sizes.join(' '), ferretdb: binary.replace(/^.*\/bin\//, ''), backend },
      figures,
      startedAt: new Date(started).toISOString(),
      seconds: (Date.now() - started) / 1000,
    };
  },
};

/** A document about the size of a task. */
const taskLike = (i: number) => ({
  _id: `task-${i}`,
  caseId: `case-${i}`,
  ref: `ref-${i}`,
  status: 'open',
  type: 'first-contact',
  district: 'spb-nevsky',
  dueAt: new Date(),
  form: { note: 'x'.repeat(300) },
});

async function msPerOp(op: (i: number) => Promise<unknown>, times = REPEAT): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < times; i++) await op(i);
  return (performance.now() - t0) / times;
}
