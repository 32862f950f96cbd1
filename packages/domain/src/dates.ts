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

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Adds working days (Monday–Friday) in UTC. Public holidays are a city's reference data and are not
 * modelled yet: deadlines may fall on a holiday.
 */
export function addWorkingDays(from: Date, days: number): Date {
  let t = from.getTime();
  let left = days;
  while (left > 0) {
    t += DAY_MS;
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return new Date(t);
}

export const addHours = (from: Date, hours: number): Date => new Date(from.getTime() + hours * 60 * 60 * 1000);
export const addDays = (from: Date, days: number): Date => new Date(from.getTime() + days * DAY_MS);
