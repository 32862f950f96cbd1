import { z } from 'zod';
import { programmeOf } from './rules/programmes';
import { CalendarDate, Instant } from './dates';
import { Code, DistrictId } from './ids';
import { Programme } from './programme';
import { canonicalRiskFactor, PROGRAMME_RISK_FACTORS, RISK_FACTORS_IN_WORDS, riskFactorRefusal, type RiskFactor } from './risk';

// Free text is bounded and may not carry control characters (log injection, broken exports).
const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

export const HivStatus = z.enum(['positive', 'negative', 'unknown']);

/** An identity document's number (a passport, an ID card, a birth certificate): what staff search a person by. */
const DocumentNumber = Text(40).describe("an identity document's number (passport, ID card, birth certificate)");

export const Mother = z.strictObject({
  fullName: Text(200),
  birthDate: CalendarDate,
  documentNumber: DocumentNumber.optional(),
  phone: Text(40).optional(),
  address: Text(400).optional(),
  hivStatus: HivStatus.optional(),
});

export const Child = z.strictObject({
  fullName: Text(200).optional(),
  birthDate: CalendarDate.optional(),
  documentNumber: DocumentNumber.optional(),
  sex: z.enum(['female', 'male']).optional(),
  /** Born to an HIV-positive mother: the infant's testing milestones apply. */
  hivExposed: z.boolean().optional(),
});

/** Who else lives with the family: the follow-up covers them too (the "people covered" indicator counts them). */
export const HouseholdRelation = z.enum(['partner', 'father', 'grandparent', 'sibling', 'other-relative', 'other']);
export const HouseholdMember = z.strictObject({
  relation: HouseholdRelation,
  fullName: Text(200).optional(),
  birthDate: CalendarDate.optional(),
  documentNumber: DocumentNumber.optional(),
});

/** Consent to disclose HIV status to social services: scope, date, who signed. */
export const DisclosureConsent = z.strictObject({
  granted: z.boolean(),
  scope: z
    .array(z.enum(['social-service', 'psychologist', 'ngo-partner', 'case-conference']))
    .min(1)
    .max(4),
  signedOn: CalendarDate,
  signedBy: z.enum(['mother', 'legal-guardian']),
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const Referral = z
  .strictObject({
    /** The referring system's own id for this referral: a repeat with the same id is the same referral. */
    referralId: Code,
    // No facility id: the facility is the one its credentials name.
    district: DistrictId,
    programme: Programme,
    referredAt: Instant,
    urgent: z.boolean().default(false),
    /**
     * Codes of the referral's programme (PROGRAMME_RISK_FACTORS), or their aliases, stored as the codes. An
     * alias becomes its code here; whether each is one of the programme's is checked below, where the programme is known.
     */
    riskFactors: z
      .array(Code.transform((code) => (canonicalRiskFactor(code) ?? code) as RiskFactor))
      .max(30)
      .default([])
      .describe(`codes of the referral's programme, or aliases of them (taken as the codes). ${RISK_FACTORS_IN_WORDS}`),
    mother: Mother,
    children: z.array(Child).max(15).default([]),
    /** Other members of the household, beside the mother and the children. */
    household: z.array(HouseholdMember).max(15).default([]),
    consent: DisclosureConsent.optional(),
    notes: Text(2000).optional(),
  })
  .superRefine((r, ctx) => {
    // A programme that works with HIV status takes a referral only with the mother's recorded decision.
    if (programmeOf(r.programme).consentRequired && !r.consent) {
      ctx.addIssue({ code: 'custom', path: ['consent'], message: `required for ${r.programme}` });
    }
    if (r.mother.hivStatus && (!r.consent || !r.consent.granted)) {
      ctx.addIssue({ code: 'custom', path: ['mother', 'hivStatus'], message: 'may only be sent with a granted consent' });
    }
  })
  .superRefine(
    (r, ctx) => {
      // Every risk factor is one of the programme's: an unknown code (a facility's own) or another programme's
      // is refused, each at its place, so nothing is stored that reporting would count as "other".
      const accepted = PROGRAMME_RISK_FACTORS[r.programme];
      r.riskFactors.forEach((code, i) => {
        if (!accepted.includes(code)) ctx.addIssue({ code: 'custom', path: ['riskFactors', i], message: riskFactorRefusal(code, accepted, r.programme) });
      });
    },
    // Checked whenever the programme and the list themselves are well formed, whatever else is wrong, so one answer names every bad field.
    {
      when: ({ value, issues }) =>
        isObject(value) &&
        Programme.safeParse(value.programme).success &&
        Array.isArray(value.riskFactors) &&
        issues.every((i) => !['programme', 'riskFactors'].includes(String(i.path?.[0]))),
    },
  );
export type Referral = z.infer<typeof Referral>;
export type ReferralInput = z.input<typeof Referral>;

export const ReferralStatus = z.enum(['requested', 'accepted', 'rejected', 'in-progress', 'completed', 'cancelled']);
export type ReferralStatus = z.infer<typeof ReferralStatus>;

/** Why a district declines a referral: the code the referring facility is told (the reviewer's words stay with the staff). */
export const ReferralRejectionReason = z.enum([
  'outside-service-area',
  'not-eligible',
  'already-in-follow-up',
  'family-declined',
  'insufficient-information',
  'other',
]);
/**
 * What a facility reads as its referral's status reason: a code from this closed list, never free text (which
 * could say anything about the family). A closed case says only whether follow-up was completed.
 */
export const ReferralStatusReason = z.enum([...ReferralRejectionReason.options, 'follow-up-completed', 'follow-up-ended']);
export type ReferralStatusReason = z.infer<typeof ReferralStatusReason>;
