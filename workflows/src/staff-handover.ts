import { proxyActivities } from '@temporalio/workflow';

/** A member whose open work is to be handed over, and why: she left the service, or is away for long. */
export interface Handover {
  staffId: string;
  why: 'left' | 'away';
}

/** What one handover moved. */
export interface HandoverResult extends Handover {
  /** Cases with a new manager, and those nobody in the district was free to take (their supervisors are told). */
  cases: number;
  casesWithoutManager: number;
  /** Her other open tasks: to her delegate, or to the team's pool. */
  tasksToDelegate: number;
  tasksToPool: number;
}

export interface HandoverActivities {
  staffToHandOver(input: { day: string }): Promise<Handover[]>;
  handOverWork(input: Handover & { at: string }): Promise<HandoverResult>;
}

const { staffToHandOver, handOverWork } = proxyActivities<HandoverActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumAttempts: 5 },
});

/** The schedule that runs staffHandover, created by the worker at its start. */
export const STAFF_HANDOVER_SCHEDULE = 'staff-handover';

/**
 * The sweep a schedule runs: the open work of each member who left the service or is away for long goes to
 * her delegate, or to someone free in the district, or to the team's pool; the supervisors are told
 * (services/worker/src/handover.ts). One member at a time, each an activity of its own.
 */
export async function staffHandover(): Promise<HandoverResult[]> {
  const at = new Date().toISOString();
  const results: HandoverResult[] = [];
  for (const member of await staffToHandOver({ day: at.slice(0, 10) })) results.push(await handOverWork({ ...member, at }));
  return results;
}
