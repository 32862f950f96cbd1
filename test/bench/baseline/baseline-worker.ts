import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { BaselineActivities } from './workflows';

export const BASELINE_TASK_QUEUE = 'bench-baseline';

/**
 * A Temporal worker for the baseline in the bench process, on the same servers as the system. Its one
 * activity tells the bench when it ran, so "started → first activity" is measured the same way as ours.
 */
export async function startBaselineWorker(temporalAddress: string) {
  quietRuntime();
  const waiting = new Map<string, () => void>();
  const ran = new Set<string>();
  const activities: BaselineActivities = {
    async firstStep(id) {
      const resolve = waiting.get(id);
      if (resolve) {
        waiting.delete(id);
        resolve();
      } else ran.add(id);
    },
    async closeStep() {},
  };
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: quiet });
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const worker = await Worker.create({ connection, taskQueue: BASELINE_TASK_QUEUE, workflowBundle: { code }, activities });
  const running = worker.run();
  return {
    /** Resolves when the workflow's first activity has run. */
    firstStepOf(id: string): Promise<void> {
      if (ran.delete(id)) return Promise.resolve();
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** The bundler's logger for a benchmark: its errors only, on stderr under the label. */
export const bundleLogger = (label: string) => ({
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error: (m: string) => process.stderr.write(`[${label}] ${m}\n`),
  log() {},
});
const quiet = bundleLogger('baseline bundle');

let runtimeInstalled = false;
/** The SDK's own lines (worker state changes) at warn, once per process: they would drown the progress. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}
