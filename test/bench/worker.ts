import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import type { CaseActivities } from '@continuum/workflows/case-activities';
import { WORKFLOW_BUNDLE_OPTIONS } from '@continuum/workflows/bundle-options';
import { bundleLogger, quietRuntime } from './baseline/baseline-worker';
import { baselineCase } from './baseline/workflows';
import { intFlag, type Bench, type BenchContext } from './support/bench';
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
  flags: { 'worker-cases': '300', 'worker-evaluations': '200', 'worker-concurrency': '1' },
  async run({ t, flags, say }) {
    const started = Date.now();
    const cases = intFlag(flags, 'worker-cases', 300);
    const evaluations = intFlag(flags, 'worker-evaluations', 200);
    // One at a time by default: the first task's time is then the workflow code's alone, not a queue's.
    const concurrency = intFlag(flags, 'worker-concurrency', 1);
    const gc = exposeGc();

    say('bundling the workflow code as the worker does');
    const { code } = await bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS, logger: quiet });
    const baseline = await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline/workflows'), logger: quiet });
    say(`evaluating the modules of ${evaluations} new workflows (ours, then the SDK-only baseline)`);
    const ours = moduleEvaluation(code, evaluations);
    const bare = moduleEvaluation(baseline.code, evaluations);

    quietRuntime();
    const connection = await Connection.connect({ address: t.system.temporalAddress });
    const client = new Client({ connection });
    const run = randomBytes(10).toString('hex').slice(0, 14);
    try {
      say(`starting ${cases} cases, each kept in the worker's cache`);
      const opened = new Map<string, () => void>();
      const ourCases = await cachedWorkflows({
        t,
        client,
        code,
        activities: standInActivities((caseId) => opened.get(caseId)?.()),
        ids: Array.from({ length: cases + 1 }, (_, i) => `case-${run}${i.toString(16).padStart(6, '0')}`),
        concurrency,
        gc,
        start: (caseId) => startCase(client, caseId, opened),
      });
      say(`the same for ${cases} workflows of the SDK-only baseline`);
      const stepped = new Map<string, () => void>();
      const bareCases = await cachedWorkflows({
        t,
        client,
        code: baseline.code,
        activities: { firstStep: async (id: string) => stepped.get(id)?.(), closeStep: async () => {} },
        ids: Array.from({ length: cases + 1 }, (_, i) => `bench-footprint-${run}-${i}`),
        concurrency,
        gc,
        start: (id) => startBaseline(client, id, stepped),
      });
      return {
        bench: 'worker',
        title: workerBench.title,
        params: { cases, evaluations, concurrency, preloaded: WORKFLOW_BUNDLE_OPTIONS.preloadModules.join(' ') || 'none' },
        figures: [
          figure('worker heap per cached case', ourCases.heapKiB, 'KiB', `heap after GC, ${cases} cases waiting on their referral review`),
          figure('worker heap per cached workflow, SDK-only baseline', bareCases.heapKiB, 'KiB', 'one workflow, one activity: the floor'),
          figure('module evaluation per new workflow, p50', ours.p50, 'ms', `${evaluations} fresh module caches`),
          figure('module evaluation per new workflow, p99', ours.p99, 'ms'),
          figure('module evaluation, SDK-only baseline, p50', bare.p50, 'ms'),
          figure(
            'workflow bundle',
            Math.round(code.length / 1024),
            'KiB',
            `SDK-only bundle ${Math.round(baseline.code.length / 1024)} KiB (both with source maps)`,
          ),
          figure('first workflow task of a case, p50', ourCases.firstTask.p50, 'ms', 'WorkflowTaskStarted → WorkflowTaskCompleted of the first task'),
          figure('first workflow task of a case, p99', ourCases.firstTask.p99, 'ms'),
          figure('first workflow task, SDK-only baseline, p50', bareCases.firstTask.p50, 'ms'),
          figure('first workflow task, SDK-only baseline, p99', bareCases.firstTask.p99, 'ms'),
        ],
        startedAt: new Date(started).toISOString(),
        seconds: (Date.now() - started) / 1000,
      };
    } finally {
      await connection.close();
    }
  },
};

/**
 * Starts workflows one after another (or `concurrency` at a time) in a worker of this process that keeps them
 * all cached, and measures the heap they hold and their first workflow task. The first id warms the worker up,
 * so the heap figure holds only the workflows and not the worker's first-use allocations.
 */
async function cachedWorkflows(o: {
  t: BenchContext['t'];
  client: Client;
  code: string;
  activities: object;
  ids: string[];
  concurrency: number;
  gc: () => void;
  start: (id: string) => Promise<string>;
}) {
  const [warmUp, ...ids] = o.ids;
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: o.t.system.temporalAddress }),
    taskQueue: TASK_QUEUE,
    workflowBundle: { code: o.code },
    activities: o.activities,
    maxCachedWorkflows: o.ids.length + 50,
    // The same reusable context the service's worker uses, on this thread rather than a worker thread, so that
    // this process's heap holds the cached workflows and can be read.
    debugMode: true,
  });
  const running = worker.run();
  try {
    await o.start(warmUp!);
    const before = heapUsed(o.gc);
    const workflowIds: string[] = [];
    await runConcurrently(ids.length, o.concurrency, async (i) => void workflowIds.push(await o.start(ids[i]!)));
    const after = heapUsed(o.gc);
    const firstTask = percentiles(await Promise.all(workflowIds.map((id) => firstWorkflowTaskMs(o.client, id))));
    await Promise.all(
      [warmUp!, ...ids].map((id) => o.client.workflow.getHandle(id.startsWith('case-') ? `case-follow-up:${id}` : id).terminate('benchmark over')),
    );
    return { heapKiB: Math.round((after - before) / ids.length / 1024), firstTask };
  } finally {
    worker.shutdown();
    await running;
  }
}

/** Starts a case and resolves with its workflow id once its referral review is opened (the case then waits). */
async function startCase(client: Client, caseId: string, opened: Map<string, () => void>): Promise<string> {
  const reviewOpened = new Promise<void>((resolve) => opened.set(caseId, resolve));
  const workflowId = `case-follow-up:${caseId}`;
  await client.workflow.start('caseFollowUp', {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [{ caseId, district: 'spb-nevsky', programme: 'hiv-family-follow-up', facilityId: 'bench', referredAt: new Date().toISOString(), urgent: false }],
  });
  await reviewOpened;
  opened.delete(caseId);
  return workflowId;
}

/** Starts a baseline workflow and resolves once its one activity ran (it then waits). */
async function startBaseline(client: Client, id: string, stepped: Map<string, () => void>): Promise<string> {
  const ran = new Promise<void>((resolve) => stepped.set(id, resolve));
  await client.workflow.start(baselineCase, { taskQueue: TASK_QUEUE, workflowId: id, args: [id] });
  await ran;
  stepped.delete(id);
  return id;
}

/** The first workflow task's time in the worker, from the server's timestamps of its start and completion. */
async function firstWorkflowTaskMs(client: Client, workflowId: string): Promise<number> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
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

const quiet = bundleLogger('worker bundle');
