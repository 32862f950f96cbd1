import { z } from 'zod';
import { addHours, addWorkingDays } from './dates';
import { Code } from './ids';
import { Programme } from './programme';

/**
 * A programme's follow-up policy. A case pins the version it started with. This first version holds the
 * deadlines the first steps need; the full algorithm (cadences, risk rules, closure criteria) builds on it.
 * Values marked `default` are sensible starting points to be set by each city.
 */
export const Policy = z.strictObject({
  programme: Programme,
  version: Code,
  firstContact: z.strictObject({
    workingDays: z.number().int().min(1).max(30),
    urgentHours: z.number().int().min(1).max(72),
    default: z.literal(true),
  }),
  needsAssessment: z.strictObject({ workingDays: z.number().int().min(1).max(60), default: z.literal(true) }),
});
export type Policy = z.infer<typeof Policy>;

export const POLICIES: Readonly<Record<Programme, Policy>> = Object.freeze({
  'hiv-family-follow-up': Policy.parse({
    programme: 'hiv-family-follow-up',
    version: 'spb-2026.1',
    firstContact: { workingDays: 3, urgentHours: 24, default: true },
    needsAssessment: { workingDays: 10, default: true },
  }),
  'abandonment-prevention': Policy.parse({
    programme: 'abandonment-prevention',
    version: 'kz-2026.1',
    firstContact: { workingDays: 3, urgentHours: 24, default: true },
    needsAssessment: { workingDays: 10, default: true },
  }),
});

/** When the first contact is due: 24 hours on the urgent path, otherwise working days after the referral. */
export function firstContactDue(policy: Policy, referredAt: Date, urgent: boolean): Date {
  return urgent ? addHours(referredAt, policy.firstContact.urgentHours) : addWorkingDays(referredAt, policy.firstContact.workingDays);
}
