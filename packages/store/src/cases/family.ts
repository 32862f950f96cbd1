import { createHash } from 'node:crypto';
import type { FamilyRole } from '@continuum/domain';
import type { CaseVault } from '../keys/case-vault';

export type FamilyMember = Record<string, unknown> & { personId: string };

/** A case's family as the services read it: every member with her id, the household listed, and the record's version. */
export interface FamilyRecord {
  mother: FamilyMember;
  children: FamilyMember[];
  household: FamilyMember[];
  consent: Record<string, unknown> | null;
  riskFactors?: unknown;
  /** 0 until the first correction; each correction or addition adds 1. */
  version: number;
}

/**
 * A member's id, from her case and her place on it (`mother`, `child-0`, `household-1`): the same whoever
 * computes it, so a case stored before members had ids gets the ids it would have had, and nothing needs
 * rewriting. A member keeps it once written; later members take the next place.
 */
export const personIdFor = (caseId: string, slot: string): string => `p-${createHash('sha256').update(`${caseId}/${slot}`).digest('hex').slice(0, 16)}`;

/** The family of a stored case, each member with her id (stored, or the one her place gives). */
export function familyOf(caseId: string, stored: unknown): FamilyRecord {
  const f = (stored ?? {}) as {
    mother?: Record<string, unknown>;
    children?: Record<string, unknown>[];
    household?: Record<string, unknown>[];
    consent?: Record<string, unknown> | null;
    riskFactors?: unknown;
    version?: number;
  };
  const withId = (m: Record<string, unknown> | undefined, slot: string): FamilyMember => ({
    ...m,
    personId: typeof m?.personId === 'string' ? m.personId : personIdFor(caseId, slot),
  });
  return {
    mother: withId(f.mother, 'mother'),
    children: (f.children ?? []).map((c, i) => withId(c, `child-${i}`)),
    household: (f.household ?? []).map((h, i) => withId(h, `household-${i}`)),
    consent: f.consent ?? null,
    ...(f.riskFactors !== undefined && { riskFactors: f.riskFactors }),
    version: f.version ?? 0,
  };
}

/** Where a member is in the family: her role and place, or null when the family has nobody with that id. */
export function memberOf(family: FamilyRecord, personId: string): { role: FamilyRole; index: number; member: FamilyMember } | null {
  if (family.mother.personId === personId) return { role: 'mother', index: 0, member: family.mother };
  for (const role of ['children', 'household'] as const) {
    const index = family[role].findIndex((m) => m.personId === personId);
    if (index >= 0) return { role: role === 'children' ? 'child' : 'household', index, member: family[role][index]! };
  }
  return null;
}

/** The people the follow-up covers: the mother, the children and the rest of the household. */
export const peopleIn = (family: Pick<FamilyRecord, 'children' | 'household'>): number => 1 + family.children.length + family.household.length;

type Members = Pick<FamilyRecord, 'mother' | 'children' | 'household'>;

/**
 * The family as the case document keeps it: the members sealed under the case's own key (erased with it); in
 * clear only the consent (codes every read of the case consults), the record's version and how many children
 * and other members there are.
 */
export async function sealFamily(vault: CaseVault, caseId: string, family: FamilyRecord) {
  const members: Members = { mother: family.mother, children: family.children, household: family.household };
  return {
    sealed: await vault.seal(caseId, members),
    consent: family.consent,
    ...(family.riskFactors !== undefined && { riskFactors: family.riskFactors }),
    version: family.version,
    counts: { children: family.children.length, household: family.household.length },
  };
}

/** The family of a stored case, opened (a case stored before sealing reads as it is); `erased` when its key is gone. */
export async function openFamily(vault: CaseVault, caseId: string, stored: unknown): Promise<FamilyRecord & { erased: boolean }> {
  const f = (stored ?? {}) as Record<string, unknown> & { sealed?: unknown };
  if (typeof f.sealed !== 'string') return { ...familyOf(caseId, stored), erased: false };
  const members = await vault.open<Members>(caseId, f.sealed);
  return { ...familyOf(caseId, { ...f, ...(members ?? { mother: {}, children: [], household: [] }) }), erased: members === null };
}

/** How many children and other members the family has, without opening it. */
export function familyCounts(stored: unknown): { children: number; household: number } {
  const f = (stored ?? {}) as { counts?: { children: number; household: number }; children?: unknown[]; household?: unknown[] };
  return f.counts ?? { children: f.children?.length ?? 0, household: f.household?.length ?? 0 };
}
