import { cpus, totalmem } from 'node:os';
import globalTeardown from '../harness/global-teardown';
import { startTestSystem } from '../harness/global-setup';
import { openTestSystem, type OpenTestSystem } from '../harness/system';
import { storeBackend } from '../../infra/src/embedded-stack';
import { SERVERS } from '../../infra/src/servers';
import { intFlag, type Bench } from './support/bench';
import { writeResults } from './support/output';
import { progressFor } from './support/progress';
import { toMarkdown, type BenchResult } from './support/result';
import { intakeBench } from './intake';
import { completionBench } from './completion';
import { scaleBench } from './scale';
import { reportingBench } from './reporting';
import { storeBench } from './store';
import { wholePathBench } from './whole-path';
import { workerBench } from './worker';
import { auditBench } from './audit';

/** In the order they run: store first (a FerretDB of its own), scale after the latency ones (it leaves N waiting cases behind), reporting last (its own database). */
const BENCHES: Bench[] = [storeBench, workerBench, intakeBench, completionBench, wholePathBench, auditBench, scaleBench, reportingBench];

/** Flags of the run itself: settings of the system the benchmarks run against. */
const RUN_FLAGS: Record<string, string> = { 'worker-cache': '1000 (TEMPORAL_MAX_CACHED_WORKFLOWS of the worker)' };

const USAGE = `npm run bench [-- <bench> ...] [--flag=value ...]

Runs the benchmarks against real servers and services started for the run (as the tests do), prints
progress to stderr and a markdown table per benchmark to stdout, and writes JSON and markdown to
.data/bench/ (latest.json, latest.md, and a timestamped pair). Without names it runs all of them.

${BENCHES.map(
  (b) =>
    `  ${b.name.padEnd(11)} ${b.title}\n${Object.entries(b.flags)
      .map(([f, d]) => `              --${f}=${d}`)
      .join('\n')}`,
).join('\n')}
  the run     ${Object.entries(RUN_FLAGS)
    .map(([f, d]) => `--${f}=${d}`)
    .join(' ')}
`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) return void process.stdout.write(USAGE);
  const flags = Object.fromEntries(args.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=', 2) as [string, string]));
  const known = new Set([...BENCHES.flatMap((b) => Object.keys(b.flags)), ...Object.keys(RUN_FLAGS)]);
  const unknownFlag = Object.keys(flags).find((f) => !known.has(f));
  if (unknownFlag) throw new Error(`unknown flag --${unknownFlag}\n\n${USAGE}`);
  const names = args.filter((a) => !a.startsWith('--'));
  const unknownName = names.find((n) => !BENCHES.some((b) => b.name === n));
  if (unknownName) throw new Error(`no benchmark "${unknownName}"\n\n${USAGE}`);
  const chosen = names.length ? BENCHES.filter((b) => names.includes(b.name)) : BENCHES;

  const say = progressFor('bench');
  say(`running ${chosen.map((b) => b.name).join(', ')}`);
  let t: OpenTestSystem | undefined;
  const results: BenchResult[] = [];
  try {
    for (const bench of chosen) {
      if (!bench.standalone && !t) t = await startSystem(flags);
      say(`── ${bench.name}: ${bench.title}`);
      // A standalone benchmark never reads the system (it starts what it measures itself).
      const result = await bench.run({ t: t as OpenTestSystem, flags, say: progressFor(bench.name) });
      results.push(result);
      process.stdout.write(`\n${toMarkdown(result)}\n`);
    }
  } finally {
    await t?.close();
    await globalTeardown();
    if (results.length) {
      const files = writeResults(results, machine());
      say(`results: ${files.json} and ${files.markdown}`);
    }
  }
}

async function startSystem(flags: Record<string, string>): Promise<OpenTestSystem> {
  progressFor('bench')('starting the servers and services');
  // As in production: services log at info (the tests run at debug, a cost of its own), the deadline sweep and
  // webhook backoff keep their defaults (the tests shorten them to seconds), and so does the time a service keeps
  // a case's unwrapped key (the tests keep none, to see an erasure at once).
  const env: Record<string, string> = { NOTIFY_SWEEP_SECONDS: '60', NOTIFICATION_BACKOFF_MS: '1000', CASE_KEY_CACHE_SECONDS: '60' };
  if (flags['worker-cache']) env.TEMPORAL_MAX_CACHED_WORKFLOWS = String(intFlag(flags, 'worker-cache', 1000));
  await startTestSystem({ logLevel: 'info', env });
  return openTestSystem();
}

function machine(): Record<string, string | number> {
  return {
    cpus: `${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    temporal: `cli ${SERVERS.temporal.version} (dev server, SQLite file)`,
    ferretdb: `${SERVERS.ferretdb.version}+${SERVERS.ferretdb.build} (${storeBackend() === 'pg' ? 'PostgreSQL' : 'SQLite'})`,
    nats: SERVERS.nats.version,
  };
}

// Stopped (Ctrl-C, kill): the servers and services it started go with it, rather than running on unseen.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`[bench] ${signal}: stopping the servers and services\n`);
    void globalTeardown().finally(() => process.exit(130));
  });
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
