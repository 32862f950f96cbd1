import { proxyActivities } from '@temporalio/workflow';
import { INSTALLATION_SEALED } from '@continuum/domain/rules';

/** A closed case whose programme's retention period has passed: ids, codes and dates only. */
export interface PastRetention {
  caseId: string;
  programme: string;
  district: string;
  closedAt: string;
}

/** What one retention run erased: how many families, by programme (the rows are in `erasures`, under the run). */
export interface RetentionReport {
  run: string;
  erased: number;
  byProgramme: Record<string, number>;
  /** True when the run stopped at its limit: the next night's run goes on. */
  more: boolean;
}

/**
 * The sweep's messages stay under the installation's key (INSTALLATION_SEALED): they name cases (ids and dates
 * only) and must still open once a case's key is gone, when an activity is retried or the sweep replayed.
 */
type Sealed = typeof INSTALLATION_SEALED;

export interface RetentionActivities {
  casesPastRetention(input: { at: string; limit: number }): Promise<Sealed & { due: PastRetention[] }>;
  eraseFamily(input: Sealed & { caseId: string; why: 'retention' | 'request'; by: string; run: string | null; at: string }): Promise<void>;
  reportRetention(input: RetentionReport & { at: string }): Promise<void>;
}

const { casesPastRetention, eraseFamily, reportRetention } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 10 },
});

/** The schedule that runs familyRetention each night, created by the worker at its start. */
export const FAMILY_RETENTION_SCHEDULE = 'family-retention';
/** Families erased in one run at most: the history stays small, and a backlog is worked off night by night. */
const RUN_LIMIT = 500;

/**
 * The retention sweep: each closed case whose programme's period after closure has passed has its family's
 * data erased (its key destroyed, its workflows ended; services/worker/src/erasure.ts), one activity each, and
 * the run reports what it erased. The facts the reports count stay.
 */
export async function familyRetention(): Promise<RetentionReport> {
  const at = new Date().toISOString();
  const run = at.slice(0, 10);
  const report: RetentionReport = { run, erased: 0, byProgramme: {}, more: false };
  for (;;) {
    const { due } = await casesPastRetention({ at, limit: Math.min(100, RUN_LIMIT - report.erased) });
    for (const c of due) {
      await eraseFamily({ ...INSTALLATION_SEALED, caseId: c.caseId, why: 'retention', by: 'continuum', run, at });
      report.erased += 1;
      report.byProgramme[c.programme] = (report.byProgramme[c.programme] ?? 0) + 1;
    }
    if (due.length === 0) break;
    if (report.erased >= RUN_LIMIT) {
      report.more = true;
      break;
    }
  }
  await reportRetention({ ...report, at });
  return report;
}
