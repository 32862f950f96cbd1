import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import type { CaseActivities } from '@continuum/workflows/case-activities';
import { WORKFLOW_BUNDLE_OPTIONS } from '@continuum/workflows/bundle-options';
import { quietRuntime } from './baseline/baseline-worker';
import { intFlag, type Bench } from './support/bench';
import { runConcurrently } from './support/fixed-rate';
import { figure } from './support/result';
import { percentiles } from './support/stats';

const TASK_QUEUE = 'bench-worker-footprint';

/**
 * The workflow side of the worker, alone: what one cached case costs in the worker's heap, what the bundle's
 * modules cost to evaluate for each new workflow, and how long a case's first workflow task takes. The
 * workflows run in a worker in this process on the system's Temporal, with the service's bundle options;
 * their activities are stand-ins that answer at once (no store, no bus), so only the workflow code is measured.
 */
export const workerBench: Bench = {
  name: 'worker',
  title: 'Worker: heap per cached case, module evaluation per new workflow, first workflow task',
  flags: { 'worker-cases': '300', 'worker-evaluations': '200' },
  async run({ t, flags, say }) {
    const started = Date.now();
    const cases = intFlag(flags, 'worker-cases', 300);
    const evaluations = intFlag(flags, 'worker-evaluations', 200);
    const gc = exposeGc();

    say('bundling the workflow code as the worker does');
    const { code } = await bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS, logger: quiet });
    const baseline = await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline/workflows'), logger: quiet });
    say(`evaluating the modules of ${evaluations} new workflows (ours, then the SDK-only baseline)`);
    const ours = moduleEvaluation(code, evaluations);
    const bare = moduleEvaluation(baseline.code, evaluations);

    say(`starting ${cases} cases, each kept in the worker's cache`);
    quietRuntime();
    const opened = new Map<string, () => void>();
    const worker = await Worker.create({
      connection: await NativeConnection.connect({ address: t.system.temporalAddress }),
      taskQueue: TASK_QUEUE,
      workflowBundle: { code },
      activities: standInActivities((caseId) => opened.get(caseId)?.()),
      maxCachedWorkflows: cases + 50,
      // The same reusable context the service's worker uses, on this thread rather than a worker thread, so that
      // this process's heap holds the cached cases and can be read.
      debugMode: true,
    });
    const running = worker.run();
    const connection = await Connection.connect({ address: t.system.temporalAddress });
    const client = new Client({ connection });
    const run = randomBytes(10).toString('hex').slice(0, 14);
    const ids = Array.from({ length: cases }, (_, i) => `case-${run}${i.toString(16).padStart(6, '0')}`);
    try {
      // A warm-up case, so the heap figure holds only the cases and not the worker's first-use allocations.
      await startAndWait(client, `case-${run}ffffff`, opened);
      const before = heapUsed(gc);
      await runConcurrently(cases, 16, (i) => startAndWait(client, ids[i]!, opened));
      const after = heapUsed(gc);
      say(`reading the first workflow task of ${cases} histories`);
      const firstTask = percentiles(await Promise.all(ids.map((id) => firstWorkflowTaskMs(client, id))));
      await Promise.all(ids.map((id) => client.workflow.getHandle(`case-follow-up:${id}`).terminate('benchmark over')));
      return {
        bench: 'worker',
        title: workerBench.title,
        params: { cases, evaluations, preloaded: WORKFLOW_BUNDLE_OPTIONS.preloadModules.join(' ') || 'none' },
        figures: [
          figure(
            'worker heap per cached case',
            Math.round((after - before) / cases / 1024),
            'KiB',
            `heap after GC, ${cases} cases waiting on their referral review`,
          ),
          figure('module evaluation per new workflow, p50', ours.p50, 'ms', `${evaluations} fresh module caches`),
          figure('module evaluation per new workflow, p99', ours.p99, 'ms'),
          figure('module evaluation, SDK-only bundle, p50', bare.p50, 'ms', 'one workflow, one activity: the floor'),
          figure('workflow bundle', Math.round(code.length / 1024), 'KiB', `SDK-only bundle ${Math.round(baseline.code.length / 1024)} KiB`),
          figure('first workflow task of a case, p50', firstTask.p50, 'ms', 'WorkflowTaskStarted → WorkflowTaskCompleted of the first task'),
          figure('first workflow task of a case, p99', firstTask.p99, 'ms'),
        ],
        startedAt: new Date(started).toISOString(),
        seconds: (Date.now() - started) / 1000,
      };
    } finally {
      worker.shutdown();
      await running;
      await connection.close();
    }
  },
};

async function startAndWait(client: Client, caseId: string, opened: Map<string, () => void>): Promise<void> {
  const reviewOpened = new Promise<void>((resolve) => opened.set(caseId, resolve));
  await client.workflow.start('caseFollowUp', {
    taskQueue: TASK_QUEUE,
    workflowId: `case-follow-up:${caseId}`,
    args: [{ caseId, district: 'spb-nevsky', programme: 'hiv-family-follow-up', facilityId: 'bench', referredAt: new Date().toISOString(), urgent: false }],
  });
  await reviewOpened;
  opened.delete(caseId);
}

/** The first workflow task's time in the worker, from the server's timestamps of its start and completion. */
async function firstWorkflowTaskMs(client: Client, caseId: string): Promise<number> {
  const events = (await client.workflow.getHandle(`case-follow-up:${caseId}`).fetchHistory()).events ?? [];
  const started = events.find((e) => e.workflowTaskStartedEventAttributes);
  const completed = events.find((e) => e.workflowTaskCompletedEventAttributes);
  const ms = (t: typeof started) => (t?.eventTime ? Number(t.eventTime.seconds) * 1000 + (t.eventTime.nanos ?? 0) / 1e6 : NaN);
  return ms(completed) - ms(started);
}

/**
 * What the SDK's reusable context does for each new workflow: the bundle is evaluated once (the preloaded
 * modules with it, into a shared cache), then each workflow imports the workflow modules into a fresh cache.
 */
function moduleEvaluation(code: string, n: number) {
  const context = vm.createContext({}, { microtaskMode: 'afterEvaluate' });
  const shared = new Map<string | symbol, unknown>();
  let perWorkflow: Map<string | symbol, unknown> | undefined;
  const cache = new Proxy(
    {},
    {
      get: (_, key) => shared.get(key) ?? perWorkflow?.get(key),
      set: (_, key, value) => ((perWorkflow ?? shared).set(key, value), true),
    },
  );
  Object.defineProperty(context, '__webpack_module_cache__', { value: cache });
  new vm.Script(code).runInContext(context);
  vm.runInContext('__TEMPORAL__.preloadModules?.()', context);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    perWorkflow = new Map();
    const t0 = performance.now();
    vm.runInContext('__TEMPORAL__.importWorkflows()', context);
    samples.push(performance.now() - t0);
  }
  return percentiles(samples);
}

/** Activities that answer at once; a case's referral-review task being created marks the case as started. */
function standInActivities(reviewOpened: (caseId: string) => void): CaseActivities {
  const none = async () => undefined;
  return {
    referralFacts: async () => ({ riskFactors: ['single-mother'], children: [{ hivExposed: true }], consentGranted: true }),
    assignCaseManager: async () => 'sw-bench',
    transferCase: async () => null,
    createTask: async (input) => void (input.type === 'referral-review' && reviewOpened(input.caseId)),
    openCase: none,
    recordStage: none,
    closeTask: none,
    setReferralStatus: none,
    recordRisk: none,
    cancelTasks: none,
    escalateTask: none,
    extendTask: none,
    recordFamilyEvent: none,
    closeCase: none,
    reopenCase: none,
    recordPolicyChange: none,
  };
}

function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function heapUsed(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => process.stderr.write(`[worker bundle] ${m}\n`), log() {} };
