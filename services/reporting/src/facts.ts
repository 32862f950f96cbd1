/**
 * What one event established about a case, as the projection stores it (one document per event, see
 * report-fact.model.ts). Codes, numbers and dates only.
 */
export type Fact =
  | { kind: 'referred'; referredAt: Date; urgent: boolean }
  | { kind: 'accepted' }
  | {
      kind: 'opened';
      policyVersion: string;
      riskLevel: string;
      /** The referral's children, and the people the follow-up covers: the mother, the children and the rest of the household. */
      children: number;
      familyMembers: number;
      /** From the referral, sent with a granted consent. Used only to count, never shown. */
      motherHivPositive: boolean;
      riskFactors: string[];
      /** A declared intent on the referral (the maternity ward's) counts as the family's first. */
      intentOnReferral: boolean;
    }
  /** A family record corrected or a member added: the family's counts as they are now. */
  | { kind: 'family-changed'; children: number; familyMembers: number }
  | { kind: 'transferred'; toDistrict: string }
  | { kind: 'policy-changed'; toVersion: string }
  | { kind: 'risk-screened'; factors: string[] }
  | { kind: 'follow-up-started' }
  | { kind: 'first-contact' }
  | { kind: 'closed'; outcome: string }
  | { kind: 'reopened' }
  | { kind: 'intent-to-abandon' }
  /** test, milestone and breastfed: absent in results reported before results had them. */
  | { kind: 'hiv-result'; child: number; result: string; test?: string; milestone?: string; breastfed?: boolean }
  /** ageMonths: null when the referral had no birth date for the child. */
  | { kind: 'placed-in-care'; child: number; ageMonths: number | null }
  | { kind: 'contact-planned'; taskId: string }
  | { kind: 'contact-cancelled'; taskId: string }
  | { kind: 'contact-done'; taskId: string }
  | { kind: 'task-overdue'; taskId: string }
  | { kind: 'conference-held'; conferenceId: string }
  /** A programme's own task completed: the answers its indicators count (codes of its form, by field). */
  | { kind: 'task-answered'; taskType: string; answers: Record<string, string> };

/** One stored fact, with its event's id, case, programme, district and time. */
export interface FactRecord {
  _id: string;
  caseId: string;
  programme: string;
  district: string;
  at: Date;
  fact: Fact;
}

/** A case's facts folded together: what the indicators count. Absent fields are facts not seen (yet). */
export interface CaseFacts {
  _id: string;
  programme: string;
  districtsSeen?: string[];
  /** The case's district over time (opened in, transferred to): a thing counts where the case was when it happened. */
  districts?: Array<{ at: Date; district: string }>;
  policies?: Array<{ at: Date; version: string }>;
  referredAt?: Date;
  openedAt?: Date;
  openingPolicy?: string;
  riskLevelAtOpening?: string;
  children?: number;
  familyMembers?: number;
  motherHivPositive?: boolean;
  /** Factors on the referral and at every screening since. */
  riskFactors?: string[];
  acceptedAt?: Date;
  firstContactAt?: Date;
  /** The support plan approved: the family entered long-term follow-up. */
  followUpAt?: Date;
  closures?: Array<{ id: string; at: Date; outcome: string }>;
  reopenings?: Array<{ id: string; at: Date }>;
  intentsToAbandon?: Array<{ id: string; at: Date }>;
  placements?: Array<{ id: string; at: Date; child: number; ageMonths?: number | null }>;
  hivResults?: Array<{ id: string; at: Date; child: number; result: string; test?: string; milestone?: string; breastfed?: boolean }>;
  /** Contact tasks by task id: opened, cancelled (with the case's closure), done (the family reached). */
  contactsPlanned?: Array<{ id: string; at: Date }>;
  contactsCancelled?: string[];
  contactsDone?: string[];
  /** Tasks escalated past their deadline, by task id. */
  overdueTasks?: Array<{ id: string; at: Date }>;
  /** Conferences whose chair recorded decisions, by conference id. */
  conferencesHeld?: Array<{ id: string; at: Date }>;
  /** A programme's own tasks completed, with the answers its indicators count. */
  taskAnswers?: Array<{ id: string; at: Date; taskType: string; answers: Record<string, string> }>;
}

/**
 * Folds the stored facts into one CaseFacts per case. Order does not matter (times are the earliest,
 * sets are sets), so the same documents give the same cases however and whenever they were written.
 */
export function foldFacts(records: readonly FactRecord[]): CaseFacts[] {
  const cases = new Map<string, CaseFacts>();
  const ordered = [...records].sort((a, b) => a._id.localeCompare(b._id)); // arrays come out in one order
  for (const r of ordered) {
    let c = cases.get(r.caseId);
    if (!c) cases.set(r.caseId, (c = { _id: r.caseId, programme: r.programme, districtsSeen: [] }));
    if (!c.districtsSeen!.includes(r.district)) c.districtsSeen!.push(r.district);
    apply(c, r);
  }
  return [...cases.values()].sort((a, b) => a._id.localeCompare(b._id));
}

const earliest = (current: Date | undefined, at: Date) => (current && current <= at ? current : at);
const push = <K extends keyof CaseFacts>(c: CaseFacts, key: K, value: NonNullable<CaseFacts[K]> extends Array<infer T> ? T : never) => {
  ((c[key] ??= [] as never) as unknown[]).push(value);
};

function apply(c: CaseFacts, { _id: id, at, district, fact: f }: FactRecord): void {
  switch (f.kind) {
    case 'referred':
      c.referredAt = new Date(f.referredAt);
      return;
    case 'accepted':
      c.acceptedAt = earliest(c.acceptedAt, at);
      return;
    case 'opened':
      c.openedAt = at;
      c.openingPolicy = f.policyVersion;
      c.riskLevelAtOpening = f.riskLevel;
      c.children = f.children;
      c.familyMembers = f.familyMembers;
      c.motherHivPositive = f.motherHivPositive;
      push(c, 'districts', { at, district });
      push(c, 'policies', { at, version: f.policyVersion });
      c.riskFactors = [...new Set([...(c.riskFactors ?? []), ...f.riskFactors])];
      if (f.intentOnReferral) push(c, 'intentsToAbandon', { id, at });
      return;
    case 'family-changed':
      c.children = f.children;
      c.familyMembers = f.familyMembers;
      return;
    case 'transferred':
      push(c, 'districts', { at, district: f.toDistrict });
      return;
    case 'policy-changed':
      push(c, 'policies', { at, version: f.toVersion });
      return;
    case 'risk-screened':
      c.riskFactors = [...new Set([...(c.riskFactors ?? []), ...f.factors])];
      return;
    case 'follow-up-started':
      c.followUpAt = earliest(c.followUpAt, at);
      return;
    case 'first-contact':
      c.firstContactAt = earliest(c.firstContactAt, at);
      return;
    case 'closed':
      push(c, 'closures', { id, at, outcome: f.outcome });
      return;
    case 'reopened':
      push(c, 'reopenings', { id, at });
      return;
    case 'intent-to-abandon':
      push(c, 'intentsToAbandon', { id, at });
      return;
    case 'hiv-result':
      push(c, 'hivResults', {
        id,
        at,
        child: f.child,
        result: f.result,
        ...(f.test !== undefined && { test: f.test, milestone: f.milestone, breastfed: f.breastfed }),
      });
      return;
    case 'placed-in-care':
      push(c, 'placements', { id, at, child: f.child, ageMonths: f.ageMonths });
      return;
    case 'contact-planned':
      push(c, 'contactsPlanned', { id: f.taskId, at });
      return;
    case 'contact-cancelled':
      push(c, 'contactsCancelled', f.taskId);
      return;
    case 'contact-done':
      push(c, 'contactsDone', f.taskId);
      return;
    case 'task-overdue':
      push(c, 'overdueTasks', { id: f.taskId, at });
      return;
    case 'conference-held':
      push(c, 'conferencesHeld', { id: f.conferenceId, at });
      return;
    case 'task-answered':
      push(c, 'taskAnswers', { id, at, taskType: f.taskType, answers: f.answers });
      return;
  }
}
