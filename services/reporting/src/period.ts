import { z } from 'zod';
import { CalendarDate } from '@continuum/domain';

/** A reporting period in UTC: from (inclusive) to (exclusive), with the label reports print. */
export interface Period {
  from: Date;
  to: Date;
  label: string;
}

export const Quarter = z.string().regex(/^(19|20)\d{2}-Q[1-4]$/, 'must look like 2026-Q4');

/** 2026-Q4 → 1 October 2026 00:00 UTC to 1 January 2027 00:00 UTC. */
export function quarterPeriod(quarter: string): Period {
  const [year, q] = quarter.split('-Q').map(Number) as [number, number];
  return { from: new Date(Date.UTC(year, (q - 1) * 3, 1)), to: new Date(Date.UTC(year, q * 3, 1)), label: quarter };
}

export function quarterOf(at: Date): string {
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}

/** 2026-Q4 → 2027-Q1. */
export function nextQuarter(quarter: string): string {
  return quarterOf(quarterPeriod(quarter).to);
}

/** Is the period exactly one calendar quarter (given as a quarter, or as the dates that span one)? */
export function isWholeQuarter(period: Period): boolean {
  const q = quarterPeriod(quarterOf(period.from));
  return q.from.getTime() === period.from.getTime() && q.to.getTime() === period.to.getTime();
}

/** Calendar dates, both days included: from=2026-10-01&to=2026-12-31 is the fourth quarter. */
export function dateRangePeriod(from: string, to: string): Period {
  const end = new Date(`${to}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { from: new Date(`${from}T00:00:00Z`), to: end, label: `${from}..${to}` };
}

/** The period query parameters every report takes: a quarter, or a date range, or (neither) the current quarter. */
export const PeriodQuery = {
  quarter: Quarter.optional().describe('a calendar quarter in UTC, e.g. 2026-Q4 (default: the current one)'),
  from: CalendarDate.optional().describe('first day of a date range (with `to`; instead of `quarter`)'),
  to: CalendarDate.optional().describe('last day of the date range, included'),
};

export function periodOf(q: { quarter?: string; from?: string; to?: string }, now = new Date()): Period | { error: string } {
  if (q.quarter && (q.from || q.to)) return { error: 'give either quarter or from and to, not both' };
  if (q.from || q.to) {
    if (!q.from || !q.to) return { error: 'from and to go together' };
    if (q.to < q.from) return { error: 'to is before from' };
    return dateRangePeriod(q.from, q.to);
  }
  return quarterPeriod(q.quarter ?? quarterOf(now));
}
