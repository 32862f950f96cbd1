import { CaseInPeriod } from './case-in-period';
import { INDICATORS, type CountName, type ProgrammeCountName, type SampleName } from './catalogue';
import type { CaseFacts } from './facts';
import type { Period } from './period';

/** Where a case was when something happened: an indicator row is chosen from this. */
export interface Place {
  district: string;
  programme: string;
  policyVersion: string | null;
}

/**
 * One thing counted (a count of the catalogue, with its value) or measured (a sample of a median), at the
 * time it happened. A name the catalogue does not have is a type error.
 */
type Contribution = { at: Date; count: CountName | ProgrammeCountName; value?: number } | { at: Date; sample: SampleName; value: number };

/**
 * A row's counts, and for each median a histogram of its samples (whole days → how many), which adds up
 * across rows and cells and still gives the exact median, and stays small (a few dozen bins).
 */
export interface Tally {
  counts: Record<string, number>;
  samples: Record<string, Histogram>;
}
export type Histogram = Record<string, number>;

export interface StaffFigures {
  socialWorkers: number;
  population: number;
}

export type IndicatorValues = Record<string, number | null>;

/**
 * Counts the facts into rows: `rowOf` names the row a thing belongs to from where the case was when it
 * happened (or undefined to leave it out: that is how filters work). Pure: the same facts, period and `now`
 * give the same tallies.
 */
export function tally(facts: readonly CaseFacts[], period: Period, now: Date, rowOf: (place: Place) => string | undefined): Map<string, Tally> {
  const rows = new Map<string, Tally>();
  for (const f of facts) {
    for (const c of contributions(f, period, now)) {
      const row = rowOf(placeAt(f, c.at));
      if (row === undefined) continue;
      let t = rows.get(row);
      if (!t) rows.set(row, (t = { counts: {}, samples: {} }));
      if ('count' in c) t.counts[c.count] = (t.counts[c.count] ?? 0) + (c.value ?? 1);
      else addSample(t, c.sample, c.value, 1);
    }
  }
  return rows;
}

/** Every indicator of the catalogue from a row's tally; `staff` is the row's districts' reference data (null: not one district set). */
export function indicatorValues(t: Tally | undefined, staff: StaffFigures | null): IndicatorValues {
  const counts = t?.counts ?? {};
  const samples = t?.samples ?? {};
  const values: IndicatorValues = {};
  for (const def of INDICATORS) {
    switch (def.kind) {
      case 'count':
        values[def.name] = counts[def.name] ?? 0;
        break;
      case 'share': {
        const den = counts[def.den!] ?? 0;
        values[def.name] = den > 0 ? round((counts[def.num!] ?? 0) / den, 3) : null;
        break;
      }
      case 'median': {
        const m = medianOf(samples[def.sampleKey] ?? {});
        values[def.name] = m === null ? null : round(m, 2);
        break;
      }
      case 'ratio':
        values[def.name] = staff && staff.socialWorkers > 0 ? round((counts[def.of!] ?? 0) / staff.socialWorkers, 2) : null;
        break;
      case 'reference':
        values[def.name] = staff ? reference(def.name, staff) : null;
        break;
    }
  }
  return values;
}

/** Adds n samples of a value (in days) to a tally's histogram. */
export function addSample(t: Tally, sample: string, value: number, n: number): void {
  const h = (t.samples[sample] ??= {});
  h[value] = (h[value] ?? 0) + n;
}

function reference(name: string, staff: StaffFigures): number | null {
  if (name === 'staff.socialWorkers') return staff.socialWorkers;
  if (name === 'staff.population') return staff.population;
  return staff.population > 0 ? round((staff.socialWorkers / staff.population) * 10_000, 2) : null;
}

/** What one case contributes to a period: what each indicator of the catalogue says counts to it. */
export function contributions(f: CaseFacts, p: Period, now: Date): Contribution[] {
  if (p.from.getTime() > now.getTime()) return []; // nothing has happened in a period still to come
  const c = new CaseInPeriod(f, p, now);
  const out: Contribution[] = [];
  for (const def of INDICATORS) {
    if (def.kind === 'count')
      for (const x of def.counted(c)) out.push({ at: x.at, count: def.name as CountName, ...(x.value !== undefined && { value: x.value }) });
    else if (def.kind === 'median') for (const x of def.sampled(c)) out.push({ at: x.at, sample: def.sampleKey as SampleName, value: x.value });
  }
  return out;
}

export { firstContactDeadline, isClosed } from './case-in-period';

/** The case's district and policy at a time: the latest change at or before it (the first, before any). */
export function placeAt(f: CaseFacts, at: Date): Place {
  const district = valueAt(f.districts ?? [], at)?.district ?? f.districtsSeen?.[0] ?? 'unknown';
  const policyVersion = valueAt(f.policies ?? [], at)?.version ?? f.openingPolicy ?? null;
  return { district, programme: f.programme, policyVersion };
}

function valueAt<T extends { at: Date }>(timeline: readonly T[], at: Date): T | undefined {
  const sorted = [...timeline].sort((a, b) => a.at.getTime() - b.at.getTime());
  return [...sorted].reverse().find((x) => x.at <= at) ?? sorted[0];
}

export function median(xs: readonly number[]): number | null {
  const h: Histogram = {};
  for (const x of xs) h[x] = (h[x] ?? 0) + 1;
  const m = medianOf(h);
  return m === null ? null : round(m, 2);
}

/** The median of a histogram (value → how many; counts of 0 or less are no samples). */
export function medianOf(h: Readonly<Histogram>): number | null {
  const bins = Object.entries(h)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => [Number(v), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = bins.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  /** The value of the k-th sample (0-based) in order. */
  const at = (k: number) => {
    for (const [v, n] of bins) if ((k -= n) < 0) return v;
    return bins[bins.length - 1]![0];
  };
  const mid = Math.floor(total / 2);
  return total % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
