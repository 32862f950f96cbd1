import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/activity';
import { caseWorkflowId, conferenceWorkflowId, type Programme, type RecordAudit } from '@continuum/domain';
import { INSTALLATION_SEALED } from '@continuum/domain/rules';
import { PROGRAMMES } from '@continuum/programmes';
import { formCodes, type CaseVault, type Store } from '@continuum/store';
import { FAMILY_RETENTION_SCHEDULE, type RetentionActivities } from '@continuum/workflows/family-retention';

/** Years after closure each programme's families are kept: the programme's own, unless the installation sets another. */
export function retentionYears(overrides = ''): Record<string, number> {
  const years: Record<string, number> = Object.fromEntries(PROGRAMMES.map((p) => [p.id, p.retentionYears]));
  for (const entry of overrides.split(',').filter(Boolean)) {
    const [programme, n] = entry.trim().split('=');
    if (!(programme! in years)) throw new Error(`RETENTION_YEARS names no programme "${programme}"`);
    years[programme!] = Number(n);
  }
  return years;
}

/**
 * Erases one family: its workflows still running are ended, its data key is destroyed (so every sealed copy,
 * in MongoDB, in Temporal's histories and in every backup, is unreadable from then on), what a case stored
 * before sealing kept in clear is cut to its codes, and the erasure is recorded (`erasures`, the audit trail).
 * The case keeps its codes and dates, which the reports count. Idempotent: a second call finds it erased and
 * records nothing new.
 *
 * `audit` is a trail made without the case vault: the reason an erasure was asked for is sealed under the
 * installation's key, as the case's own is gone, so who asked and why outlives the family.
 */
export function familyEraser(store: Store, temporal: Client, vault: CaseVault, audit: RecordAudit) {
  /** Ends a workflow still running; one that ended already, or never was, is fine. */
  const end = async (workflowId: string): Promise<number> => {
    try {
      await temporal.workflow.getHandle(workflowId).terminate('the family data was erased');
      return 1;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 0;
      throw err;
    }
  };

  return async function eraseFamily(input: {
    caseId: string;
    why: 'retention' | 'request';
    by: string;
    run: string | null;
    at: string;
    reason?: string | undefined;
  }) {
    const doc = await store.cases.findById(input.caseId, { programme: 1, district: 1, closedAt: 1, erasedAt: 1 }).lean();
    if (!doc) throw ApplicationFailure.nonRetryable(`no case ${input.caseId}`, 'NOT_FOUND');
    if (doc.erasedAt && (await store.erasures.exists({ _id: input.caseId }))) return;
    // The workflows first: nothing runs on to write (or fail on) a family whose key is gone.
    let workflowsEnded = await end(caseWorkflowId(input.caseId as never));
    for (const c of await store.conferences.find({ caseId: input.caseId }, { _id: 1 }).lean())
      workflowsEnded += await end(conferenceWorkflowId(c._id as never));
    await vault.erase(input.caseId);
    // A case stored before its family was sealed kept the family in clear: only its codes stay. The search
    // index goes too: its hashes are under the index's key, not the case's.
    const referral = await store.referrals.findById(input.caseId, { form: 1, sealed: 1 }).lean();
    if (referral && !referral.sealed) await store.referrals.updateOne({ _id: input.caseId }, { $set: { form: formCodes(referral.form as never) } });
    await store.cases.updateOne(
      { _id: input.caseId },
      { $set: { erasedAt: new Date(input.at), searchIndex: [] }, $unset: { 'family.mother': 1, 'family.children': 1, 'family.household': 1 } },
    );
    await store.erasures.updateOne(
      { _id: input.caseId },
      {
        $setOnInsert: {
          programme: doc.programme,
          district: doc.district,
          closedAt: doc.closedAt ?? null,
          erasedAt: new Date(input.at),
          why: input.why,
          by: input.by,
          run: input.run,
          workflowsEnded,
        },
      },
      { upsert: true },
    );
    await audit({
      entryId: `${input.caseId}/erased`,
      actor: input.by,
      action: 'erase-family',
      caseId: input.caseId,
      district: doc.district,
      ...(input.reason && { reason: input.reason }),
      details: { why: input.why, workflowsEnded, ...(input.run && { run: input.run }) },
    });
  };
}

/** The retention sweep's activities: which families are due, erasing one, and the run's report. */
export function retentionActivities(
  store: Store,
  eraseFamily: ReturnType<typeof familyEraser>,
  years: Record<string, number>,
  audit: RecordAudit,
): RetentionActivities {
  return {
    async casesPastRetention({ at, limit }) {
      const due: Awaited<ReturnType<RetentionActivities['casesPastRetention']>>['due'] = [];
      for (const [programme, n] of Object.entries(years) as Array<[Programme, number]>) {
        const cutoff = new Date(at);
        cutoff.setUTCFullYear(cutoff.getUTCFullYear() - n);
        const found = await store.cases
          .find({ programme, stage: 'closed', closedAt: { $lt: cutoff }, erasedAt: null }, { programme: 1, district: 1, closedAt: 1 })
          .sort({ closedAt: 1 })
          .limit(limit - due.length)
          .lean();
        due.push(...found.map((c) => ({ caseId: c._id, programme: c.programme, district: c.district, closedAt: c.closedAt!.toISOString() })));
        if (due.length >= limit) break;
      }
      return { ...INSTALLATION_SEALED, due };
    },
    eraseFamily: (input) => eraseFamily(input),
    async reportRetention(report) {
      await audit({
        entryId: `retention/${report.run}`,
        actor: 'continuum',
        action: 'erase-family',
        details: { run: report.run, erased: report.erased, more: report.more, ...report.byProgramme },
      });
    },
  };
}

/** The nightly schedule of the retention sweep (02:00 UTC); made once, at the worker's start. */
export async function ensureRetentionSchedule(temporal: Client, taskQueue: string): Promise<void> {
  try {
    await temporal.schedule.create({
      scheduleId: FAMILY_RETENTION_SCHEDULE,
      spec: { calendars: [{ hour: 2, minute: 0 }] },
      action: { type: 'startWorkflow', workflowType: 'familyRetention', workflowId: FAMILY_RETENTION_SCHEDULE, taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
