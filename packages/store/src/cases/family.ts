import { createHash } from 'node:crypto';
import type { FamilyRole } from '@continuum/domain';

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
