import { z } from 'zod';
import { Child, DisclosureConsent, HouseholdMember, Mother } from './referral';
import { Reason } from './case-requests';

/**
 * A member of a family on a case (the mother, a child, another member of the household), by an id that stays
 * hers whatever is corrected or added later: the corrections, the audit trail and the erasure of a family all
 * name people by it.
 */
export const PersonId = z.string().regex(/^p-[0-9a-f]{16}$/, 'must look like p-<16 hex digits>');
export type PersonId = z.infer<typeof PersonId>;

export const FamilyRole = z.enum(['mother', 'child', 'household']);
export type FamilyRole = z.infer<typeof FamilyRole>;

/** The family record's version the change was made against: a record changed since answers 409, not a silent overwrite. */
const Version = z.number().int().min(0).max(1_000_000).describe('the family record’s version you read (`family.version` of the case view)');

/** A correction's fields: those given are set; `null` clears one the member need not have. */
const correction = <S extends z.ZodObject>(member: S, required: readonly string[]) =>
  z
    .strictObject(
      Object.fromEntries(
        Object.entries(member.shape).map(([field, schema]) => [
          field,
          (required.includes(field) ? (schema as z.ZodType) : (schema as z.ZodOptional<z.ZodType>).unwrap().nullable()).optional(),
        ]),
      ),
    )
    .refine((changes) => Object.keys(changes).length > 0, { message: 'change at least one field' });

/** What may be corrected of each member: her fields as a referral sends them. */
export const FAMILY_CORRECTIONS = {
  mother: correction(Mother, ['fullName', 'birthDate']),
  child: correction(Child, []),
  household: correction(HouseholdMember, ['relation']),
} as const satisfies Record<FamilyRole, z.ZodType>;

/** PATCH /cases/{id}/family/{personId}: the member's fields to correct, checked against her role's once she is found. */
export const CorrectFamilyMemberBody = z.strictObject({
  changes: z.record(z.string(), z.unknown()).describe("the fields to correct: a mother's, a child's or a household member's (see AddFamilyMemberBody)"),
  reason: Reason,
  version: Version,
});
export type CorrectFamilyMemberBody = z.infer<typeof CorrectFamilyMemberBody>;

/** POST /cases/{id}/family: a child or another member of the household the referral did not name. */
export const AddFamilyMemberBody = z.strictObject({
  member: z.discriminatedUnion('role', [Child.extend({ role: z.literal('child') }), HouseholdMember.extend({ role: z.literal('household') })]),
  reason: Reason,
  version: Version,
});
export type AddFamilyMemberBody = z.infer<typeof AddFamilyMemberBody>;

/**
 * PUT /cases/{id}/consent: the consent as the family signed it now (granted again, narrowed, widened, or
 * withdrawn), dated by `signedOn`. It replaces the one on file at once, for disclosure and conference seating.
 */
export const ChangeConsentBody = DisclosureConsent.extend({ reason: Reason, version: Version }).strict();
export type ChangeConsentBody = z.infer<typeof ChangeConsentBody>;

type Consent = { granted?: boolean; scope?: readonly string[] } | null | undefined;
export type ConsentChange = 'granted' | 'withdrawn' | 'widened' | 'narrowed' | 'changed';

/** How a consent changed: given (again), withdrawn, its scope widened or narrowed, or otherwise (re-signed, a scope swapped). */
export function consentChange(from: Consent, to: { granted: boolean; scope: readonly string[] }): ConsentChange {
  const wasOn = from?.granted === true;
  if (!wasOn && to.granted) return 'granted';
  if (wasOn && !to.granted) return 'withdrawn';
  const before = new Set(from?.scope ?? []);
  const after = new Set(to.scope);
  const covers = (a: Set<string>, b: Set<string>) => [...b].every((s) => a.has(s));
  if (after.size > before.size && covers(after, before)) return 'widened';
  if (after.size < before.size && covers(before, after)) return 'narrowed';
  return 'changed';
}

/** One field of one member as it was and as it became: a family record's versions are these, in order. */
export interface FamilyFieldChange {
  personId: string;
  field: string;
  from: unknown;
  to: unknown;
}

/** The fields of a member that tell of HIV: corrected only by whom the consent discloses them to. */
export const HIV_FIELDS: Readonly<Record<FamilyRole, readonly string[]>> = { mother: ['hivStatus'], child: ['hivExposed'], household: [] };
