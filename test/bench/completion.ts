import { randomBytes } from 'node:crypto';
import { BASELINE_TASK_QUEUE, startBaselineWorker } from './baseline/baseline-worker';
import { baselineCase, closeBaselineTask, completeBaselineTask } from './baseline/workflows';
import { intFlag, type Bench } from './support/bench';
import { latencyAtRate, runConcurrently } from './support/fixed-rate';
import { ticker } from './support/progress';
import { benchReferral, postReferral } from './support/referral-source';
import { figure, type Figure } from './support/result';
import { ratio } from './support/stats';
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
  title: 'Task completion: HTTP complete → Update → task closed, beside a bare Temporal Update round trip',
  flags: { 'completion-rate': '4', 'completion-count': '200' },
  async run({ t, flags, say }) {
    const started = Date.now();
    const rate = intFlag(flags, 'completion-rate', 4);
    const count = intFlag(flags, 'completion-count', 200);
    const run = randomBytes(3).toString('hex');
    const watcher = new TaskWatcher(t.nats);
    const baseline = await startBaselineWorker(t.system.temporalAddress);
    const pgUrl = t.system.storePostgresUrl;
    const scansBefore = pgUrl ? await storeScans(pgUrl) : null;
    try {
      // Open `count` cases, each waiting for its referral review, and as many bare workflows.
      const reviews: Array<{ taskId: string; supervisor: string }> = [];
      const tick = ticker(() => `opening cases to complete: ${reviews.length}/${count}`, say);
      await runConcurrently(count, 16, async (i) => {
        const { referral, supervisor } = benchReferral(i, run);
        const caseId = await postReferral(t, referral);
        reviews.push({ taskId: (await watcher.waitFor(caseId, 'referral-review')).taskId, supervisor });
      });
      tick.stop();
      const bareIds = Array.from({ length: 2 * count }, (_, i) => `bench-${run}-update-${i}`);
      await runConcurrently(2 * count, 16, async (i) => {
        const firstStep = baseline.firstStepOf(bareIds[i]!);
        await t.rawTemporal.workflow.start(baselineCase, { workflowId: bareIds[i]!, taskQueue: BASELINE_TASK_QUEUE, args: [bareIds[i]!] });
        await firstStep;
      });
      say(`${count} reviews and ${2 * count} bare workflows waiting; completing at ${rate}/s`);

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
      const atRate = (what: string, op: (i: number) => Promise<void>) => latencyAtRate({ what, count, ratePerSecond: rate, op, say });
      const oursAtRate = await atRate('completions', ours);
      const scans = pgUrl && scansBefore ? scansBetween(scansBefore, await storeScans(pgUrl)) : [];
      const bareAtRate = await atRate('bare updates', bare);
      const activityAtRate = await atRate('bare updates with a no-op activity', bareWithActivity);

      const figures: Figure[] = [];
      for (const p of ['p50', 'p95', 'p99'] as const) {
        figures.push(
          figure(`${p} HTTP complete → task closed`, oursAtRate[p], 'ms', `${count} at ${rate}/s`),
          figure(`${p} bare Update round trip`, bareAtRate[p], 'ms', `${count} at ${rate}/s`),
          figure(`${p} bare Update with a no-op activity`, activityAtRate[p], 'ms', `${count} at ${rate}/s`),
          figure(`${p} ours ÷ bare`, ratio(oursAtRate[p], bareAtRate[p]), '×'),
          figure(`${p} ours ÷ bare with activity`, ratio(oursAtRate[p], activityAtRate[p]), '×'),
        );
      }
      const failed = [oursAtRate, bareAtRate, activityAtRate].map((r) => r.failed);
      figures.push(figure('failed (ours / bare / with activity)', failed[0]! + failed[1]! + failed[2]!, 'requests', failed.join(' / ')));
      // Which collections the cohort's intake and completions read by sequential scans (PostgreSQL's own counts).
      for (const c of scans.slice(0, 8)) {
        figures.push(figure(`store: ${c.collection}, sequential scans`, c.seqScans, 'scans', `${c.seqRowsRead.toLocaleString('en-US')} rows read by them; ${c.indexScans.toLocaleString('en-US')} index scans; ${c.rows.toLocaleString('en-US')} rows in the table`));
      }
      return { bench: 'completion', title: completionBench.title, params: { rate, count }, figures, startedAt: new Date(started).toISOString(), seconds: (Date.now() - started) / 1000 };
    } finally {
      watcher.stop();
      await baseline.stop();
    }
  },
};
