import type { CaseRef } from '@continuum/workflows/case-activities';

/** The fields every case event starts with (no programme: see events.ts). The event id is deterministic, so a retried activity's copy is dropped. */
export const envelope = (ref: CaseRef, eventId: string, at: string) => ({
  eventId,
  occurredAt: at,
  caseId: ref.caseId,
  district: ref.district,
});
