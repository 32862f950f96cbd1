// The baseline the benchmarks compare with: bare Temporal, no store, no bus, no codec. One workflow that
// runs one activity and then waits (as a case waits for its caseworker), with an Update that returns at once.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export interface BaselineActivities {
  firstStep(id: string): Promise<void>;
}

const { firstStep } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '1 minute' });

export const completeBaselineTask = defineUpdate<string, [string]>('completeBaselineTask');

export async function baselineCase(id: string): Promise<void> {
  let completed = false;
  setHandler(completeBaselineTask, (taskId) => {
    completed = true;
    return `${taskId} completed`;
  });
  await firstStep(id);
  await condition(() => completed, '30 days');
}
