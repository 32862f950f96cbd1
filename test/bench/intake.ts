import { randomBytes } from 'node:crypto';
import { BASELINE_TASK_QUEUE, startBaselineWorker } from './baseline/baseline-worker';
import { baselineCase } from './baseline/workflows';
import { intFlag, type Bench } from './support/bench';
import { latencyAtRate, runConcurrently } from './support/fixed-rate';
import { ticker } from './support/progress';
import { benchReferral, postReferral } from './support/referral-source';
import { figure, type Figure } from './support/result';
import { percentiles, ratio } from './support/stats';
import { TaskWatcher } from './support/task-watcher';

/**
 * Intake end to end: POST /referrals answered 202 → referral.received on JetStream → the intake consumer
 * starts the case workflow → its activities store the case and open the referral-review task →
 * task.created seen. Beside it, on the same servers in the same run, bare Temporal: start a workflow and
 * see its first activity run.
 */
export const intakeBench: Bench = {
  name: 'intake',
  title: 'Intake: referral → case workflow → case stored → first task visible, beside bare Temporal start + first activity',
  flags: { 'intake-burst': '200', 'intake-concurrency': '16', 'intake-rate': '4', 'intake-count': '240' },
  async run({ t, flags, say }) {
    const started = Date.now();
    const burst = intFlag(flags, 'intake-burst', 200);
    const concurrency = intFlag(flags, 'intake-concurrency', 16);
    const rate = intFlag(flags, 'intake-rate', 4);
    const count = intFlag(flags, 'intake-count', 240);
    const run = randomBytes(3).toString('hex');
    const watcher = new TaskWatcher(t.nats);
    const baseline = await startBaselineWorker(t.system.temporalAddress);

    let n = 0;
    const ours = async (): Promise<{ acceptedMs: number }> => {
      const t0 = performance.now();
      const { referral } = benchReferral(n++, run);
      const caseId = await postReferral(t, referral);
      const acceptedMs = performance.now() - t0;
      await watcher.waitFor(caseId, 'referral-review');
      return { acceptedMs };
    };
    let b = 0;
    const bare = async (): Promise<void> => {
      const id = `bench-${run}-baseline-${b++}`;
      const firstStep = baseline.firstStepOf(id);
      await t.rawTemporal.workflow.start(baselineCase, { workflowId: id, taskQueue: BASELINE_TASK_QUEUE, args: [id] });
      await firstStep;
    };

    try {
      say('warming up (20 of each)');
      await runConcurrently(20, 4, async () => void (await ours()));
      await runConcurrently(20, 4, bare);

      const throughput = async (what: string, op: () => Promise<unknown>) => {
        let done = 0;
        const tick = ticker(() => `${what}: ${done}/${burst} done`, say);
        const t0 = performance.now();
        await runConcurrently(burst, concurrency, async () => {
          await op();
          done++;
        });
        tick.stop();
        const perSecond = burst / ((performance.now() - t0) / 1000);
        say(`${what}: ${perSecond.toFixed(1)}/s`);
        return perSecond;
      };
      const oursPerSecond = await throughput(`referrals, ${concurrency} at a time`, ours);
      const barePerSecond = await throughput(`bare starts, ${concurrency} at a time`, bare);

      const accepted: number[] = [];
      const atRate = (what: string, op: () => Promise<unknown>) => latencyAtRate({ what, count, ratePerSecond: rate, op, say });
      const oursAtRate = await atRate('referrals', async () => accepted.push((await ours()).acceptedMs));
      const bareAtRate = await atRate('bare starts', bare);
      const acceptedAtRate = percentiles(accepted);

      const figures: Figure[] = [
        figure('referrals end to end, as fast as they go', oursPerSecond, 'per s', `${burst} referrals, ${concurrency} at a time`),
        figure('bare Temporal start + first activity', barePerSecond, 'per s', 'same servers, same run'),
        figure('throughput: bare ÷ ours', ratio(barePerSecond, oursPerSecond), '×', 'how many times more the bare path does'),
      ];
      for (const p of ['p50', 'p95', 'p99'] as const) {
        figures.push(
          figure(`${p} referral → first task visible`, oursAtRate[p], 'ms', `${count} at ${rate}/s`),
          figure(`${p} bare start → first activity`, bareAtRate[p], 'ms', `${count} at ${rate}/s`),
          figure(`${p} ours ÷ bare`, ratio(oursAtRate[p], bareAtRate[p]), '×'),
        );
      }
      figures.push(
        figure('p50 HTTP 202 (referral stored, event published)', acceptedAtRate.p50, 'ms'),
        figure('p99 HTTP 202', acceptedAtRate.p99, 'ms'),
        figure('failed at the fixed rate (ours / bare)', oursAtRate.failed + bareAtRate.failed, 'requests', `${oursAtRate.failed} / ${bareAtRate.failed}`),
      );
      return {
        bench: 'intake',
        title: intakeBench.title,
        params: { burst, concurrency, rate, count },
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
