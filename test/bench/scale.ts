import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { caseWorkflowId } from '@continuum/domain';
import { intFlag, type Bench } from './support/bench';
import { runConcurrently } from './support/fixed-rate';
import { cpuSeconds, diskMiB, rssMiB } from './support/footprint';
import { ticker } from './support/progress';
import { benchReferral, postReferral } from './support/referral-source';
import { figure, type Figure } from './support/result';
import { percentiles } from './support/stats';
import { TaskWatcher } from './support/task-watcher';

const SAMPLE = 50;

/**
 * Scale: N families referred (through intake, as a facility would), each case workflow then waiting on its
 * review deadline timer. What it costs: memory of the worker and the servers, disk, history per case, and
 * the time to open them all.
 */
export const scaleBench: Bench = {
  name: 'scale',
  title: 'Scale: N case workflows waiting on timers',
  flags: { 'scale-cases': '10000', 'scale-concurrency': '32' },
  async run({ t, flags, say }) {
    const started = Date.now();
    const n = intFlag(flags, 'scale-cases', 10_000);
    const concurrency = intFlag(flags, 'scale-concurrency', 32);
    const run = randomBytes(3).toString('hex');
    const before = footprint(t.system.stackDataDir);
    const watcher = new TaskWatcher(t.nats);
    const caseIds: string[] = [];
    let opened = 0;
    try {
      const t0 = performance.now();
      const tick = ticker(
        () => {
          const s = (performance.now() - t0) / 1000;
          return `referred ${caseIds.length}/${n}, opened ${opened}/${n} (${(opened / s).toFixed(1)}/s), worker ${rssMiB(pidOf('worker'))} MiB`;
        },
        say,
        10_000,
      );
      const allOpened: Promise<void>[] = [];
      await runConcurrently(n, concurrency, async (i) => {
        const caseId = await retrying(() => postReferral(t, benchReferral(i, run).referral));
        caseIds.push(caseId);
        allOpened.push(watcher.waitFor(caseId, 'referral-review', 30 * 60_000).then(() => void opened++));
      });
      const referredSeconds = (performance.now() - t0) / 1000;
      await Promise.all(allOpened);
      const openedSeconds = (performance.now() - t0) / 1000;
      tick.stop();
      say(`all ${n} opened in ${openedSeconds.toFixed(0)} s; sampling ${SAMPLE} histories`);

      const histories: number[] = [];
      let running = 0;
      for (const caseId of caseIds.slice(0, SAMPLE)) {
        const d = await t.temporal.workflow.getHandle(caseWorkflowId(caseId)).describe();
        histories.push(d.historyLength);
        if (d.status.name === 'RUNNING') running++;
      }
      const historyLength = percentiles(histories);
      const after = footprint(t.system.stackDataDir);
      const perCase = (a: number | null, b: number | null) => (a !== null && b !== null ? ((a - b) * 1024) / n : null);
      const figures: Figure[] = [
        figure('cases opened', n, 'cases', `${concurrency} referrals at a time`),
        figure('time to refer them all (HTTP 202)', referredSeconds, 's'),
        figure('time to open them all (first task visible)', openedSeconds, 's', `${(n / openedSeconds).toFixed(1)} cases/s`),
        figure('sampled workflows running, waiting on their timer', running, `of ${SAMPLE}`),
        figure('history length per case (waiting for review)', historyLength.p50, 'events', `median of ${SAMPLE}; max ${historyLength.max}`),
      ];
      for (const part of PARTS) {
        figures.push(
          figure(
            `${part} RSS after`,
            after.rss[part],
            'MiB',
            `before ${before.rss[part]} MiB; ${fmt(perCase(after.rss[part], before.rss[part]))} KiB per case`,
          ),
        );
      }
      for (const part of PARTS) {
        const cpu = perCaseMs(after.cpu[part], before.cpu[part], n);
        figures.push(figure(`${part} CPU per case opened`, cpu, 'ms', 'user + system, while opening'));
      }
      for (const part of ['temporal', 'ferretdb', 'nats'] as const) {
        figures.push(
          figure(
            `${part} disk after`,
            after.disk[part],
            'MiB',
            `before ${before.disk[part]} MiB; ${fmt(perCase(after.disk[part], before.disk[part]))} KiB per case`,
          ),
        );
      }
      return {
        bench: 'scale',
        title: `Scale: ${n.toLocaleString('en-US')} case workflows waiting on timers`,
        params: { cases: n, concurrency },
        figures,
        startedAt: new Date(started).toISOString(),
        seconds: (Date.now() - started) / 1000,
      };
    } finally {
      watcher.stop();
    }
  },
};

const PARTS = ['worker', 'intake', 'notification', 'reporting', 'temporal', 'ferretdb', 'nats'] as const;
type Part = (typeof PARTS)[number];

function pidOf(name: Part): number | undefined {
  const run = globalThis.__continuumTestRun;
  return [...(run?.services ?? []), ...(run?.servers.processes ?? [])].find((p) => p.name === name)?.child.pid;
}

function footprint(stackDataDir: string | null) {
  const rss = Object.fromEntries(PARTS.map((p) => [p, rssMiB(pidOf(p))])) as Record<Part, number | null>;
  const cpu = Object.fromEntries(PARTS.map((p) => [p, cpuSeconds(pidOf(p))])) as Record<Part, number | null>;
  const disk = Object.fromEntries((['temporal', 'ferretdb', 'nats'] as const).map((p) => [p, stackDataDir ? diskMiB(join(stackDataDir, p)) : null])) as Record<
    'temporal' | 'ferretdb' | 'nats',
    number | null
  >;
  return { rss, cpu, disk };
}

/** A referral that failed for a passing reason (a 503 while a server is busy) is sent again: the same id finds the same case. */
async function retrying<T>(op: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await op();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 500 * i));
    }
  }
}

const perCaseMs = (after: number | null, before: number | null, n: number) => (after !== null && before !== null ? ((after - before) * 1000) / n : null);
const fmt = (x: number | null) => (x === null ? '?' : x.toFixed(1));
