import { z } from 'zod';

// Dates out of any plausible range are input errors, not data: a referral from 1900 or 2200 is a typo.
const MIN = Date.UTC(1900, 0, 1);
const MAX = Date.UTC(2100, 0, 1);

/** An ISO-8601 instant with an offset, within 1900–2100. */
export const Instant = z.iso.datetime({ offset: true }).refine((s) => {
  const t = Date.parse(s);
  return t >= MIN && t < MAX;
}, 'must be between 1900 and 2100');

/** A calendar date (YYYY-MM-DD) within 1900–2100. */
export const CalendarDate = z.iso.date().refine((s) => {
  const t = Date.parse(s);
  return t >= MIN && t < MAX;
}, 'must be between 1900 and 2100');

export { addDays, addHours, addWorkingDays } from './rules/time';
