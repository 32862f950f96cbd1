import { eventIdFor, taskIdFor, type CaseId } from '@continuum/domain';
import type { Store } from '@continuum/store';

/** What MongoDB holds after the run: the services' records and the reporting projection, read whole. */
export interface Snapshot {
  referrals: Array<{ _id: string; referralId: string; facilityId: string; status: string }>;
  cases: Array<{ _id: string; stage: string; caseManager?: string | null }>;
  tasks: Array<{
    _id: string;
    caseId: string;
    type: string;
    status: string;
    assigneeId?: string | null;
    completedBy?: string | null;
    form?: Record<string, unknown> | null;
  }>;
  history: Array<{ _id: string; caseId: string; type: string; details?: Record<string, unknown> }>;
  facts: Array<{ _id: string; caseId: string; subject: string; fact: { kind: string } }>;
  summaries: Array<{ _id: string; factCount: number; facts: Record<string, unknown> }>;
  deliveries: Array<{ _id: string; status: string }>;
}

export async function takeSnapshot(store: Store): Promise<Snapshot> {
  const [referrals, cases, tasks, history, facts, summaries, deliveries] = await Promise.all([
    store.referrals.find({}, { referralId: 1, facilityId: 1, status: 1 }).lean(),
    store.cases.find({}, { stage: 1, caseManager: 1 }).lean(),
    store.tasks.find({}, { caseId: 1, type: 1, status: 1, assigneeId: 1, completedBy: 1, form: 1 }).lean(),
    store.caseHistory.find({}, { caseId: 1, type: 1, details: 1 }).lean(),
    store.reportFacts.find({}, { caseId: 1, subject: 1, 'fact.kind': 1 }).lean(),
    store.reportCases.find({}, { factCount: 1, facts: 1 }).lean(),
    store.notificationDeliveries.find({}, { status: 1 }).lean(),
  ]);
  return { referrals, cases, tasks, history, facts, summaries, deliveries } as unknown as Snapshot;
}

/** Changes whenever anything the checks read changes: two equal ones a few seconds apart mean the system is at rest. */
export function fingerprint(s: Snapshot): string {
  const statuses = (items: Array<{ status: string }>) => [...countBy(items, (x) => x.status)].sort().join(',');
  const folded = s.summaries.reduce((n, x) => n + x.factCount, 0);
  return [
    s.referrals.length,
    statuses(s.referrals),
    s.cases.length,
    s.tasks.length,
    statuses(s.tasks),
    s.history.length,
    s.facts.length,
    folded,
    statuses(s.deliveries),
  ].join('|');
}

/** How far a case got, by its stored tasks: reviewed (accepted or rejected), then the family reached. */
export interface CaseProgress {
  accepted: boolean;
  rejected: boolean;
  contacted: boolean;
}

/** The tasks of each case by their deterministic ids: the review is task 1, the first contact task 2. */
export function progressOf(s: Snapshot): (caseId: string) => CaseProgress {
  const tasks = new Map(s.tasks.map((t) => [t._id, t]));
  return (caseId) => {
    const review = tasks.get(taskIdFor(caseId as CaseId, 1));
    const reviewed = review?.status === 'completed';
    const accepted = reviewed && review!.form?.decision === 'accept';
    const contacted = accepted && tasks.get(taskIdFor(caseId as CaseId, 2))?.status === 'completed';
    return { accepted, rejected: reviewed && !accepted, contacted };
  };
}

/** History entries whose event the projection turns into a fact (their ids are the events' ids). */
const PROJECTED_HISTORY: Record<string, string> = {
  'referral-accepted': 'accepted',
  'referral-in-progress': 'accepted',
  'risk-screened': 'risk-screened',
  'case-closed': 'closed',
};

/**
 * The facts the projection must hold, by event id, derived from what the services recorded (not from the
 * stream, so an event lost on its way is missed here): every case was referred and opened; every history
 * entry of a projected event; every first contact that reached the family; every contact task planned.
 * The kinds listed are the only ones this load produces, apart from overdue tasks (whose event ids the
 * records do not give), which are counted but not expected.
 */
export function expectedFacts(s: Snapshot): Map<string, { caseId: string; kind: string }> {
  const out = new Map<string, { caseId: string; kind: string }>();
  for (const c of s.cases) {
    out.set(eventIdFor(c._id, 'referral.received'), { caseId: c._id, kind: 'referred' });
    out.set(eventIdFor(c._id, 'case.opened'), { caseId: c._id, kind: 'opened' });
  }
  for (const h of s.history) {
    const kind = PROJECTED_HISTORY[h.type];
    if (kind) out.set(h._id, { caseId: h.caseId, kind });
  }
  for (const t of s.tasks) {
    const outcome = t.form?.outcome;
    if (t.type === 'first-contact' && t.status === 'completed' && (outcome === 'reached' || outcome === 'refused')) {
      out.set(eventIdFor(t._id, 'task.completed'), { caseId: t.caseId, kind: 'first-contact' });
    }
    if (t.type === 'contact') out.set(eventIdFor(t._id, 'task.created'), { caseId: t.caseId, kind: 'contact-planned' });
  }
  return out;
}

/**
 * The notices the notification service owes for this load, by delivery id (event id / recipient): the case
 * manager is told of her new case and of each task created for her (the first contact, the needs assessment).
 */
export function expectedDeliveries(s: Snapshot): Set<string> {
  const out = new Set<string>();
  for (const h of s.history) if (h.type === 'case-assigned' && h.details?.caseManager) out.add(`${h._id}/staff:${String(h.details.caseManager)}`);
  for (const t of s.tasks) if (t.assigneeId) out.add(`${eventIdFor(t._id, 'task.created')}/staff:${t.assigneeId}`);
  return out;
}

/** Fact kinds the expectation above covers: any other fact of these kinds is one too many. */
export const EXPECTED_KINDS = new Set(['referred', 'opened', 'accepted', 'risk-screened', 'closed', 'first-contact', 'contact-planned']);

export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}
