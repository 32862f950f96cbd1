import { randomBytes } from 'node:crypto';
import { BASELINE_TASK_QUEUE, startBaselineWorker } from './baseline/baseline-worker';
import { baselineCase, closeBaselineTask, completeBaselineTask } from './baseline/workflows';
import { intFlag, sizeLabel, sizesFlag, type Bench } from './support/bench';
import { latencyAtRate, runConcurrently } from './support/fixed-rate';
import { ticker } from './support/progress';
import { benchReferral, postReferral } from './support/referral-source';
import { figure, type Figure } from './support/result';
import { ratio } from './support/stats';
import { OPEN_TASKS_PER_DISTRICT, seedHistory } from './support/seed-history';
import { scansBetween, storeScans } from './support/store-stats';
import { TaskWatcher } from './support/task-watcher';

/**
 * Task completion: a supervisor's POST /tasks/{id}/complete (accepting a referral) → casework checks the
 * token and the form → the case workflow's Update validates, closes the task in the store (activity) and
 * answers → 200 with the task completed. Beside it, bare Temporal Updates: one that answers at once, and one
 * that runs a no-op activity first (what Temporal itself costs for an Update that writes through an activity).
 */
export const completionBench: Bench = {
  name: 'completion',
  title: 'Task completion and the inbox as history grows: HTTP complete → Update → task closed, beside a bare Temporal Update; GET /tasks',
  flags: { 'completion-rate': '4', 'completion-count': '150', 'completion-history': '1000,100000', 'inbox-requests': '200' },
  async run({ t, flags, say }) {
    const started = Date.now();
    const rate = intFlag(flags, 'completion-rate', 4);
    const count = intFlag(flags, 'completion-count', 150);
    const inboxRequests = intFlag(flags, 'inbox-requests', 200);
    const sizes = sizesFlag(flags, 'completion-history', '1000,100000');
    const run = randomBytes(3).toString('hex');
    const watcher = new TaskWatcher(t.nats);
    const baseline = await startBaselineWorker(t.system.temporalAddress);
    const pgUrl = t.system.storePostgresUrl;
    const figures: Figure[] = [];
    try {
      let seeded = 0;
      for (const [round, size] of sizes.entries()) {
        const label = sizeLabel(size);
        const seed = await seedHistory(t.store, seeded, size, say);
        seeded = size;
        say(`${label}: history seeded (${seed.inserted.toLocaleString('en-US')} cases and as many tasks in ${seed.seconds.toFixed(0)} s)`);
        const scansBefore = pgUrl ? await storeScans(pgUrl) : null;

        // Open `count` cases, each waiting for its referral review, and as many bare workflows of each kind.
        const reviews: Array<{ taskId: string; supervisor: string }> = [];
        const tick = ticker(() => `${label}: opening cases to complete: ${reviews.length}/${count}`, say);
        await runConcurrently(count, 16, async (i) => {
          const { referral, supervisor } = benchReferral(round * count + i, run);
          const caseId = await postReferral(t, referral);
          reviews.push({ taskId: (await watcher.waitFor(caseId, 'referral-review')).taskId, supervisor });
        });
        tick.stop();
        const bareIds = Array.from({ length: 2 * count }, (_, i) => `bench-${run}-${round}-update-${i}`);
        await runConcurrently(2 * count, 16, async (i) => {
          const firstStep = baseline.firstStepOf(bareIds[i]!);
          await t.rawTemporal.workflow.start(baselineCase, { workflowId: bareIds[i]!, taskQueue: BASELINE_TASK_QUEUE, args: [bareIds[i]!] });
          await firstStep;
        });
        say(`${label}: ${count} reviews and ${2 * count} bare workflows waiting; completing at ${rate}/s`);

        const ours = async (i: number) => {
          const { taskId, supervisor } = reviews[i]!;
          const res = await fetch(`${t.system.caseworkUrl}/tasks/${taskId}/complete`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.tokenFor(supervisor)}` },
            body: JSON.stringify({ form: { decision: 'accept' } }),
          });
          const body = (await res.json().catch(() => ({}))) as { status?: string };
          if (res.status !== 200 || body.status !== 'completed') throw new Error(`complete answered ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        };
        const bare = async (i: number) => {
          await t.rawTemporal.workflow.getHandle(bareIds[i]!).executeUpdate(completeBaselineTask, { args: [`task-${i}`] });
        };
        const bareWithActivity = async (i: number) => {
          await t.rawTemporal.workflow.getHandle(bareIds[count + i]!).executeUpdate(closeBaselineTask, { args: [`task-${i}`] });
        };
        // The inbox: a supervisor's district list (two districts' open tasks) and a caseworker's own, in turn.
        const inboxes = [
          { staff: 'sup-spb-north', query: '' },
          { staff: 'sw-nevsky-1', query: '?filter=mine' },
        ];
        const inbox = async (i: number) => {
          const { staff, query } = inboxes[i % inboxes.length]!;
          const res = await fetch(`${t.system.caseworkUrl}/tasks${query}`, { headers: { authorization: `Bearer ${await t.tokenFor(staff)}` } });
          const body = (await res.json().catch(() => ({}))) as { tasks?: unknown[] };
          if (res.status !== 200 || !Array.isArray(body.tasks) || body.tasks.length === 0) throw new Error(`GET /tasks answered ${res.status}`);
        };
        const atRate = (what: string, op: (i: number) => Promise<void>, n = count) =>
          latencyAtRate({ what: `${label}: ${what}`, count: n, ratePerSecond: rate, op, say });
        const oursAtRate = await atRate('completions', ours);
        const bareAtRate = await atRate('bare updates', bare);
        const activityAtRate = await atRate('bare updates with a no-op activity', bareWithActivity);
        const inboxAtRate = await atRate('GET /tasks', inbox, inboxRequests);
        const scans = pgUrl && scansBefore ? scansBetween(scansBefore, await storeScans(pgUrl)) : [];

        for (const p of ['p50', 'p95', 'p99'] as const) {
          figures.push(
            figure(`${label}: ${p} HTTP complete → task closed`, oursAtRate[p], 'ms', `${count} at ${rate}/s`),
            figure(`${label}: ${p} bare Update round trip`, bareAtRate[p], 'ms', `${count} at ${rate}/s`),
            figure(`${label}: ${p} bare Update with a no-op activity`, activityAtRate[p], 'ms', `${count} at ${rate}/s`),
            figure(`${label}: ${p} ours ÷ bare with activity`, ratio(oursAtRate[p], activityAtRate[p]), '×'),
          );
        }
        figures.push(
          figure(
            `${label}: GET /tasks p50 / p99`,
            inboxAtRate.p99,
            'ms',
            `p50 ${inboxAtRate.p50} ms; ${inboxRequests} at ${rate}/s, a supervisor's two districts and a caseworker's own in turn; ${OPEN_TASKS_PER_DISTRICT} seeded open tasks a district`,
          ),
        );
        const failed = [oursAtRate, bareAtRate, activityAtRate, inboxAtRate].map((r) => r.failed);
        figures.push(
          figure(
            `${label}: failed (ours / bare / with activity / inbox)`,
            failed.reduce((a, b) => a + b, 0),
            'requests',
            failed.join(' / '),
          ),
        );
        // Which collections the round read by sequential scans (PostgreSQL's own counts): a big table read so is a query no index serves.
        for (const c of scans.filter((c) => c.rows >= 1000).slice(0, 5)) {
          figures.push(
            figure(
              `${label}: store: ${c.collection}, sequential scans`,
              c.seqScans,
              'scans',
              `${c.seqRowsRead.toLocaleString('en-US')} rows read by them; ${c.indexScans.toLocaleString('en-US')} index scans; ${c.rows.toLocaleString('en-US')} rows in the table`,
            ),
          );
        }
      }
      return {
        bench: 'completion',
        title: completionBench.title,
        params: { rate, count, history: sizes.join(','), inboxRequests },
        figures,
        startedAt: new Date(started).toISOString(),
        seconds: (Date.now() - started) / 1000,
      };
    } finally {
      watcher.stop();
      await baseline.stop();
    }
  },
};
