// The baseline the benchmarks compare with: bare Temporal, no store, no bus, no codec. One workflow that
// runs one activity and then waits (as a case waits for its caseworker), with an Update that returns at once.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export interface BaselineActivities {
  firstStep(id: string): Promise<void>;
  closeStep(taskId: string): Promise<void>;
}

const { firstStep, closeStep } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '1 minute' });

/** Answers at once: Temporal's Update round trip and nothing else. */
export const completeBaselineTask = defineUpdate<string, [string]>('completeBaselineTask');
/** Runs one activity that does nothing before answering, as ours closes the task in the store first. */
export const closeBaselineTask = defineUpdate<string, [string]>('closeBaselineTask');

export async function baselineCase(id: string): Promise<void> {
  let completed = false;
  setHandler(completeBaselineTask, (taskId) => {
    completed = true;
    return `${taskId} completed`;
  });
  setHandler(closeBaselineTask, async (taskId) => {
    await closeStep(taskId);
    completed = true;
    return `${taskId} closed`;
  });
  await firstStep(id);
  await condition(() => completed, '30 days');
}
