import { z } from 'zod';

/**
 * A span of time in a policy. Working days for office deadlines, calendar days for cadences, hours for the
 * urgent path; seconds only in drill policies (training and tests), where a month of follow-up takes a minute.
 */
export const Duration = z.union([
  z.strictObject({ workingDays: z.number().int().min(1).max(60) }),
  z.strictObject({ days: z.number().int().min(1).max(1100) }),
  z.strictObject({ hours: z.number().int().min(1).max(720) }),
  z.strictObject({ seconds: z.number().int().min(1).max(3600) }),
]);
export type Duration = z.infer<typeof Duration>;

export { after } from './rules/time';
