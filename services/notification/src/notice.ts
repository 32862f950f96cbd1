/**
 * One thing to tell one recipient. Built from an event (or a deadline) by on-event.ts and due-sweep.ts,
 * delivered by deliver.ts. Carries only what its recipient may see: ids, codes, dates and a link.
 */
export interface Notice {
  /** The event (or deadline) it comes from: with the recipient, the key that makes it arrive once. */
  sourceId: string;
  kind: NoticeKind;
  /** `staff:<id>` or `facility:<id>`. */
  recipient: string;
  caseId: string | null;
  district: string | null;
  /** Codes and dates for the text: task type, due date, status, conference id … never family data. */
  facts: Record<string, string>;
}

export type NoticeKind =
  | 'task-assigned'
  | 'task-due-soon'
  | 'task-overdue'
  | 'task-escalated'
  | 'case-assigned'
  | 'break-glass'
  | 'task-handed-over'
  | 'case-handed-over'
  | 'transfer-requested'
  | 'conference-invitation'
  | 'conference-reminder'
  | 'conference-quorum-failed'
  | 'referral-status';

export const staffRecipient = (staffId: string) => `staff:${staffId}`;
export const facilityRecipient = (facilityId: string) => `facility:${facilityId}`;
