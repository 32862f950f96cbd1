import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { caseWorkflowId, WITHHELD, type CaseStatus, type RecordAudit, type StaffClaims } from '@continuum/domain';
import { openFamily, type CaseDoc, type CaseVault, type Store } from '@continuum/store';
import { caseStatusQuery } from '@continuum/workflows';
import { toTaskView } from './tasks.routes';
import { consentOf, disclosesHivStatus, lensFor, memberAsSeen } from './code-lens';

/**
 * The case as a caseworker sees it: stage, risk, plan, tasks, history, and what it waits for. HIV status
 * (the mother's status, a child's exposure and test results) is shown only when the consent and the
 * reader's role allow it. Every read is written to the audit trail, saying whether HIV status was shown,
 * before the answer leaves.
 */
export async function buildCaseView(store: Store, temporal: Client, staff: StaffClaims, doc: CaseDoc & { _id: string }, audit: RecordAudit, vault: CaseVault) {
  // The reader's discipline came with her from the directory, with her roles and districts.
  const disclose = disclosesHivStatus(staff, doc);
  // Outside the consent the rest of the case speaks in neutral codes too: programme, tasks, history, conferences.
  const lens = lensFor(staff, doc.district, consentOf(doc));

  const record = await openFamily(vault, doc._id, doc.family);
  const [tasks, history, waiting, conferences] = await Promise.all([
    // What staff wrote (reasons, a plan's goals, the extensions' reasons) is sealed under the case's key: opened here.
    store.tasks
      .find({ caseId: doc._id })
      .sort({ createdAt: 1, _id: 1 })
      .lean()
      .then((found) => vault.openWithin(doc._id, found)),
    store.caseHistory
      .find({ caseId: doc._id })
      .sort({ at: 1, _id: 1 })
      .lean()
      .then((found) => vault.openWithin(doc._id, found)),
    // An erased family's workflows were ended, and their payloads no longer open: there is nothing to ask (the
    // case says so at once; this instance may still hold the key a minute).
    record.erased || doc.erasedAt
      ? null
      : temporal.workflow
          .getHandle(caseWorkflowId(doc._id))
          .query(caseStatusQuery)
          .catch((err: unknown): CaseStatus | null => {
            if (err instanceof WorkflowNotFoundError) return null;
            throw err;
          }),
    store.conferences.find({ caseId: doc._id }, { trigger: 1, state: 1, urgent: 1, convenedAt: 1, inputDueAt: 1 }).sort({ convenedAt: 1, _id: 1 }).lean(),
  ]);
  const shownHistory = history
    .map((h) =>
      lens.history({
        at: h.at,
        type: h.type,
        by: h.by ?? null,
        details: h.type === 'family-event:child-hiv-test-result' && !disclose ? { ...(h.details as object), result: WITHHELD } : h.details,
      }),
    )
    .filter((h) => h !== null);
  const plan = [...tasks].reverse().find((t) => t.type === 'support-plan' && t.status === 'completed');
  const approval = [...tasks].reverse().find((t) => t.type === 'plan-approval' && t.status === 'completed');

  await audit({ actor: staff.sub, action: 'read-case', caseId: doc._id, district: doc.district, details: { hivStatus: disclose ? 'shown' : 'withheld' } });
  return {
    caseId: doc._id,
    district: doc.district,
    programme: lens.programme(doc.programme),
    policyVersion: lens.policyVersion(doc.policyVersion),
    stage: doc.stage,
    risk: { level: doc.riskLevel, score: doc.riskScore ?? null, factors: lens.riskFactors(doc.riskFactors ?? []) },
    caseManager: doc.caseManager ?? null,
    openedAt: doc.openedAt,
    outcome: doc.outcome ?? null,
    closedAt: doc.closedAt ?? null,
    hivStatusDisclosed: disclose,
    family: {
      /** Send it back with a correction: a record changed meanwhile answers 409. */
      version: record.version,
      /** True once the family's data was erased: the members read empty. */
      erased: record.erased,
      mother: memberAsSeen(record.mother, disclose),
      children: record.children.map((child, childIndex) => ({
        ...memberAsSeen(child, disclose),
        childIndex,
        outcomes: childOutcomes(shownHistory, childIndex, lens.history({ type: 'family-event:child-hiv-test-result' }) !== null),
      })),
      household: record.household,
      consent: record.consent,
    },
    plan: plan
      ? {
          taskId: plan._id,
          goals: (lens.form('support-plan', plan.form) as { goals?: unknown })?.goals ?? [],
          approved: approval ? (approval.form as { decision?: string })?.decision === 'approve' && approval.completedAt! >= plan.completedAt! : false,
        }
      : null,
    tasks: tasks.map((t) => ({ ...lens.task(toTaskView(t)), completedBy: t.completedBy ?? null, extensions: t.extensions ?? [] })),
    history: shownHistory,
    waitingFor: waiting
      ? {
          tasks: waiting.waitingFor.map((w) => ({ ...w, type: lens.taskType(w.type) })),
          scheduled: (waiting.scheduled ?? []).map((w) => ({ ...w, what: lens.scheduled(w.what) })),
        }
      : null,
    /** The case's conferences; the inputs and minutes are read with GET /conferences/{id}. */
    conferences: conferences.map((c) => ({
      conferenceId: c._id,
      trigger: lens.trigger(c.trigger),
      state: c.state,
      urgent: c.urgent,
      convenedAt: c.convenedAt,
      inputDueAt: c.inputDueAt,
    })),
  };
}

/**
 * What became of one child, from the case's family events as the reader sees them: her HIV tests (only where
 * the lens shows them at all: an empty list would say there were none), a placement in care, hospital stays,
 * and her death.
 */
function childOutcomes(history: Array<{ type: string; details?: unknown }>, childIndex: number, showsHivTests: boolean) {
  const hers = (type: string) =>
    history
      .filter((h) => h.type === `family-event:${type}`)
      .map((h) => (h.details ?? {}) as Record<string, unknown>)
      .filter((d) => d.childIndex === childIndex && (d.who === undefined || d.who === 'child'));
  return {
    ...(showsHivTests && {
      hivTests: hers('child-hiv-test-result').map((d) => ({
        occurredOn: d.occurredOn,
        test: d.test ?? null,
        milestone: d.milestone ?? null,
        result: d.result,
      })),
    }),
    placedInCareOn: (hers('child-placed-in-care')[0]?.occurredOn as string | undefined) ?? null,
    hospitalStays: hers('hospital-stay').map((d) => d.occurredOn),
    diedOn: (hers('death')[0]?.occurredOn as string | undefined) ?? null,
  };
}

/** Every field of the case that says HIV status: the mother's, each child's exposure, and the children's test results. */
export async function hivStatusOf(store: Store, doc: CaseDoc & { _id: string }, vault: CaseVault) {
  const family = await openFamily(vault, doc._id, doc.family);
  const results = await store.caseHistory
    .find({ caseId: doc._id, type: 'family-event:child-hiv-test-result' }, { at: 1, details: 1 })
    .sort({ at: 1, _id: 1 })
    .lean();
  return {
    mother: { hivStatus: (family.mother?.hivStatus as string | undefined) ?? null },
    children: (family.children ?? []).map((child, childIndex) => ({ childIndex, hivExposed: (child.hivExposed as boolean | undefined) ?? null })),
    testResults: results.map((r) => ({ at: r.at, ...(r.details as object) })),
  };
}
