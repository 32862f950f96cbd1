import { z } from 'zod';
import { addDays, addHours, addWorkingDays } from './dates';

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

export function after(from: Date, duration: Duration): Date {
  if ('workingDays' in duration) return addWorkingDays(from, duration.workingDays);
  if ('days' in duration) return addDays(from, duration.days);
  if ('hours' in duration) return addHours(from, duration.hours);
  return new Date(from.getTime() + duration.seconds * 1000);
}
