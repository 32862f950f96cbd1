import type { Duration } from '../duration';

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

/** The moment a policy's span of time after `from` ends. */
export function after(from: Date, duration: Duration): Date {
  if ('workingDays' in duration) return addWorkingDays(from, duration.workingDays);
  if ('days' in duration) return addDays(from, duration.days);
  if ('hours' in duration) return addHours(from, duration.hours);
  return new Date(from.getTime() + duration.seconds * 1000);
}

/** When participants who have not answered are reminded: `remindBefore` the deadline, but never in the first half of the time for input. */
export function conferenceReminderAt(windowStart: Date, dueAt: Date, remindBefore: Duration): number {
  const remindMs = after(windowStart, remindBefore).getTime() - windowStart.getTime();
  const halfMs = (dueAt.getTime() - windowStart.getTime()) / 2;
  return dueAt.getTime() - Math.min(remindMs, halfMs);
}
