import type { Store } from '@continuum/store';

export interface HistoryEntry {
  caseId: string;
  at: string;
  type: string;
  by: string | null;
  details: Record<string, unknown>;
}

/**
 * Writes one entry of a case's history under a deterministic id, once whatever the retries: the case view
 * reads it, and the reporting projection finds an event's details by the same id as the event.
 */
export const writeHistoryOnce = (store: Store, id: string, entry: HistoryEntry) =>
  store.caseHistory.updateOne(
    { _id: id },
    { $setOnInsert: { caseId: entry.caseId, at: new Date(entry.at), type: entry.type, by: entry.by, details: entry.details } },
    { upsert: true },
  );
