import type { CaseVault, Store } from '@continuum/store';

export interface HistoryEntry {
  caseId: string;
  at: string;
  type: string;
  by: string | null;
  details: Record<string, unknown>;
}

/** The details staff write in their own words (a reason, a plan's changes): sealed under the case's key. */
const SAID = ['reason', 'changes'] as const;

/**
 * Writes one entry of a case's history under a deterministic id, once whatever the retries: the case view
 * reads it, and the reporting projection finds an event's details by the same id as the event. What staff
 * wrote in their own words is sealed under the case's key; the codes stay in clear for the reports.
 */
export async function writeHistoryOnce(store: Store, vault: CaseVault, id: string, entry: HistoryEntry) {
  const details = { ...entry.details };
  for (const key of SAID) if (typeof details[key] === 'string') details[key] = await vault.seal(entry.caseId, details[key]);
  await store.caseHistory.updateOne(
    { _id: id },
    { $setOnInsert: { caseId: entry.caseId, at: new Date(entry.at), type: entry.type, by: entry.by, details } },
    { upsert: true },
  );
}
