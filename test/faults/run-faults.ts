/**
 * Fault tests: while referrals and task completions flow, kill -9 and restart in turn the worker, the intake
 * service, NATS, FerretDB and the Temporal dev server; then drain and compare the system with the load
 * generator's ledger of acknowledged requests. Exits 0 when every check holds, 1 otherwise.
 *
 *   node --require tsx/cjs test/faults/run-faults.ts
 *
 * FAULTS_RATE (referrals per second, default 3); FAULTS=worker,nats (some of worker, intake, nats, ferretdb,
 * temporal; empty for a baseline without faults); KEEP_TEST_DATA=1 keeps the run folders (data and logs).
 */
import { openTestSystem, type OpenTestSystem } from '../harness/system';
import { Checks, type Failure } from './checks';
import { drain, pendingIds } from './drain';
import { chooseFaults, runFaults, type FaultRecord } from './faults';
import { errorTotal, Ledger } from './ledger';
import { LoadGenerator } from './load';
import { printReport } from './report';
import { FaultSystem } from './system';

const WARM_UP_MS = 12_000;
const TIMING = { downMs: 5_000, settleMs: 10_000 };
const RETRY_AFTER_STOP_MS = 45_000;
/** The drain gives up when nothing has moved for a minute, or after five (a 2-core machine shared with other work is slow, not stuck). */
const DRAIN_LIMITS = { stallMs: 60_000, maxMs: 300_000 };

const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`.padStart(4);
const say = (line: string) => process.stderr.write(`${elapsed()} ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<number> {
  const rate = Number(process.env.FAULTS_RATE ?? 3);
  const targets = chooseFaults(process.env.FAULTS);
  const keep = process.env.KEEP_TEST_DATA === '1';
  say(`[faults] starting the system (${rate} referrals/s; faults: ${targets.map((f) => f.name).join(', ') || 'none'})`);
  const sys = await FaultSystem.start(say);
  let t: OpenTestSystem | undefined;
  try {
    const ledger = new Ledger();
    const tokens = await openTestSystem();
    const load = new LoadGenerator(sys.system, ledger, tokens, { rate, retryAfterStopMs: RETRY_AFTER_STOP_MS });
    await load.prepare();
    const status = { phase: 'warm-up', down: null as string | null };
    const progress = setInterval(() => {
      const errors = errorTotal(ledger.errors.referrals) + errorTotal(ledger.errors.completions) + errorTotal(ledger.errors.reads);
      say(
        `[faults] ${status.phase}${status.down ? ` — ${status.down} is DOWN` : ''}: referrals acked ${ledger.ackedReferrals().length}/${ledger.referralsSent.size}, ` +
          `completions acked ${ledger.ackedCompletions().length}, errors ${errors}, flows in flight ${load.inFlight}`,
      );
    }, 5_000);

    load.start();
    await sleep(WARM_UP_MS);
    status.phase = 'faults';
    let faults: FaultRecord[] = [];
    try {
      faults = await runFaults(sys, targets, TIMING, status, say);
    } finally {
      status.phase = 'load stopped, retrying what is unacknowledged';
      say('[faults] stopping the load');
      await load.stop();
      clearInterval(progress);
      await tokens.close().catch(() => undefined);
    }

    say('[faults] draining: waiting until the system has applied everything it acknowledged, and is at rest');
    t = await openTestSystem();
    const drained = await drain(t.store, ledger, DRAIN_LIMITS, say);
    say(`[faults] drained in ${(drained.waitedMs / 1000).toFixed(0)} s${drained.timedOut ? ' (gave up waiting)' : ''}; checking`);

    const checks = new Checks(t, ledger, drained.snapshot);
    await checks.run(say);
    const failures: Failure[] = [...checks.failures];
    checks.counts['services that ended by themselves'] = sys.unexpectedExits.length;
    if (sys.unexpectedExits.length > 0) {
      failures.unshift({
        check: `services that ended by themselves (${sys.unexpectedExits.length})`,
        ids: sys.unexpectedExits.map((e) => `${e.name} exit ${e.code}`),
      });
    }
    if (drained.timedOut) failures.unshift({ check: 'still pending (or still moving) when the drain gave up', ids: pendingIds(drained.pending) });
    checks.counts['drain (s)'] = Math.round(drained.waitedMs / 1000);
    printReport((line) => process.stdout.write(`${line}\n`), { faults, ledger, counts: checks.counts, failures, runSeconds: (Date.now() - started) / 1000 });
    if (failures.length > 0) say(`[faults] logs: ${sys.system.logDir} and ${sys.stackDir}/logs${keep ? '' : ' (removed; KEEP_TEST_DATA=1 keeps them)'}`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    await t?.close().catch(() => undefined);
    await sys.stop(keep);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    say(`[faults] the run itself failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
