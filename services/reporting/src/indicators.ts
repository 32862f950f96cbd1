import { childHivStatusRuleOf, finalHivStatus, firstContactDueAt, POLICY_VERSIONS, RiskFactor, RiskLevel, type ProgrammeId } from '@continuum/domain';
import { INDICATORS, PROGRAMME_COUNTS, type CountName, type MedianName, type ProgrammeCountName } from './catalogue';
import { CAUSE_OF, type Cause } from './causes';
import type { CaseFacts } from './facts';
import type { Period } from './period';

/** Where a case was when something happened: an indicator row is chosen from this. */
export interface Place {
  district: string;
  programme: string;
  policyVersion: string | null;
}

/** What the medians are taken of: delays in whole days. */
type SampleName = 'firstContact.days' | 'plan.days';

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

const DAY_MS = 86_400_000;
/** A delay is sampled in whole days, to the nearest: a histogram of them stays small, and its median is exact. */
const days = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / DAY_MS);

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
        const m = medianOf(samples[SAMPLE_OF[def.name as MedianName]] ?? {});
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

/** The samples behind each median indicator (in whole days). */
const SAMPLE_OF: Record<MedianName, SampleName> = { 'firstContact.medianDays': 'firstContact.days', 'plan.medianDaysToApproval': 'plan.days' };

function reference(name: string, staff: StaffFigures): number | null {
  if (name === 'staff.socialWorkers') return staff.socialWorkers;
  if (name === 'staff.population') return staff.population;
  return staff.population > 0 ? round((staff.socialWorkers / staff.population) * 10_000, 2) : null;
}

/** What one case contributes to a period. */
export function contributions(f: CaseFacts, p: Period, now: Date): Contribution[] {
  if (p.from.getTime() > now.getTime()) return []; // nothing has happened in a period still to come
  const out: Contribution[] = [];
  const inPeriod = (d: Date | undefined): d is Date => d !== undefined && d >= p.from && d < p.to;
  /** Point-in-time indicators read the end of the period, or now while it runs. */
  const asOf = new Date(Math.min(p.to.getTime() - 1, now.getTime()));
  const closedAsOf = (t: Date) => isClosed(f, t);

  // Long-term follow-up: enrolled when the plan was approved; open at the end of the period.
  if (inPeriod(f.followUpAt)) {
    out.push({ at: f.followUpAt, count: 'followUp.enrolled' });
    if (f.referredAt) out.push({ at: f.followUpAt, sample: 'plan.days', value: days(f.referredAt, f.followUpAt) });
  }
  if (f.followUpAt && f.followUpAt <= asOf && !closedAsOf(asOf)) out.push({ at: asOf, count: 'followUp.openAtEnd' });
  if (f.acceptedAt && f.acceptedAt <= asOf && !closedAsOf(asOf)) out.push({ at: asOf, count: 'caseload.openCases' });

  // Closure: the case's last closure in the period, once (a rejected referral was never a family on follow-up).
  const closure = latest((f.closures ?? []).filter((c) => inPeriod(c.at)));
  if (closure && closure.outcome !== 'referral-rejected') {
    out.push({ at: closure.at, count: 'closed' });
    if (closure.outcome === 'completed-successfully') out.push({ at: closure.at, count: 'closed.completedSuccessfully' });
  }

  // Covered: taken on, and open at some moment of the period.
  if (f.acceptedAt && f.acceptedAt < p.to && openDuring(f, p)) {
    const at = f.acceptedAt > p.from ? f.acceptedAt : p.from;
    out.push({ at, count: 'covered.families' }, { at, count: 'covered.people', value: f.familyMembers ?? 1 });
  }

  // Children placed in care: each child once, at its first placement.
  const placed = firstPerChild(f.placements ?? []);
  for (const pl of placed.values()) {
    if (!inPeriod(pl.at)) continue;
    out.push({ at: pl.at, count: 'children.enteredCare' });
    if (pl.ageMonths !== undefined && pl.ageMonths !== null && pl.ageMonths < 36) out.push({ at: pl.at, count: 'children.enteredCare0to3' });
    if (f.motherHivPositive) out.push({ at: pl.at, count: 'children.abandonedByHivPositiveMother' });
  }

  // A child's HIV status becomes final by the rule of the case's policy (child-hiv-status.ts): each child
  // counted once, in the period the result that made it final was reported.
  const rule = childHivStatusRuleOf(POLICY_VERSIONS[latest(f.policies ?? [])?.version ?? '']);
  for (const results of perChild(f.hivResults ?? []).values()) {
    const final = finalHivStatus(results, rule);
    if (!final || !inPeriod(final.at) || final.at > asOf) continue;
    out.push({ at: final.at, count: 'children.finalHivStatus' });
    if (final.status === 'positive') out.push({ at: final.at, count: 'children.hivTransmissions' });
  }

  // Families identified at risk: referred in the period, by their level then, their factors and causes.
  if (inPeriod(f.openedAt)) {
    const at = f.openedAt;
    out.push({ at, count: 'atRisk.families' });
    const level = RiskLevel.safeParse(f.riskLevelAtOpening);
    if (level.success) out.push({ at, count: `atRisk.level.${level.data}` });
    const factors = new Set(f.riskFactors ?? []);
    const known = [...factors].filter((x): x is RiskFactor => RiskFactor.safeParse(x).success);
    for (const factor of known) out.push({ at, count: `atRisk.factor.${factor}` });
    if (known.length < factors.size) out.push({ at, count: 'atRisk.factor.other' });
    for (const cause of new Set<Cause>(known.map((x) => CAUSE_OF[x]))) out.push({ at, count: `atRisk.cause.${cause}` });
  }

  // Intents to abandon, and whether the family's children stayed (as of the end of the period).
  const intents = (f.intentsToAbandon ?? []).filter((i) => inPeriod(i.at));
  for (const i of intents) out.push({ at: i.at, count: 'intentToAbandon.declared' });
  const firstIntent = earliest(intents);
  if (firstIntent) {
    const placedByEnd = [...placed.values()].filter((pl) => pl.at <= asOf).length;
    out.push(
      { at: firstIntent.at, count: 'intentToAbandon.families' },
      { at: firstIntent.at, count: 'intentToAbandon.childrenPlaced', value: placedByEnd },
      { at: firstIntent.at, count: 'intentToAbandon.childrenStayed', value: Math.max(0, (f.children ?? 0) - placedByEnd) },
    );
  }

  // First contact: how long after the referral, and within the deadline the case's policy set.
  if (inPeriod(f.firstContactAt)) {
    const at = f.firstContactAt;
    out.push({ at, count: 'firstContact.count' });
    if (f.referredAt) out.push({ at, sample: 'firstContact.days', value: days(f.referredAt, at) });
    const deadline = firstContactDeadline(f);
    if (deadline && at <= deadline) out.push({ at, count: 'firstContact.withinDeadline' });
  }

  // Contacts planned in the period (a contact the closure cancelled was never due), and which were done.
  const cancelled = new Set(f.contactsCancelled ?? []);
  const done = new Set(f.contactsDone ?? []);
  for (const c of firstPerId(f.contactsPlanned ?? [])) {
    if (!inPeriod(c.at) || cancelled.has(c.id)) continue;
    out.push({ at: c.at, count: 'contacts.planned' });
    if (done.has(c.id)) out.push({ at: c.at, count: 'contacts.done' });
  }
  for (const t of firstPerId(f.overdueTasks ?? [])) if (inPeriod(t.at)) out.push({ at: t.at, count: 'tasks.overdue' });
  for (const c of firstPerId(f.conferencesHeld ?? [])) if (inPeriod(c.at)) out.push({ at: c.at, count: 'conferences.held' });

  // A programme's own counts: each completion of its task that gave the answer the entry counts.
  for (const a of firstPerId(f.taskAnswers ?? [])) {
    if (!inPeriod(a.at)) continue;
    for (const def of PROGRAMME_COUNTS) {
      const { task, field, answer } = def.counts;
      if (def.programmes.includes(f.programme as ProgrammeId) && a.taskType === task && a.answers[field] === answer) out.push({ at: a.at, count: def.name });
    }
  }
  return out;
}

/** The case's district and policy at a time: the latest change at or before it (the first, before any). */
export function placeAt(f: CaseFacts, at: Date): Place {
  const district = valueAt(f.districts ?? [], at)?.district ?? f.districtsSeen?.[0] ?? 'unknown';
  const policyVersion = valueAt(f.policies ?? [], at)?.version ?? f.openingPolicy ?? null;
  return { district, programme: f.programme, policyVersion };
}

/** Closed at a time: its latest closure or reopening up to then is a closure. */
export function isClosed(f: CaseFacts, at: Date): boolean {
  const changes = [...(f.closures ?? []).map((c) => ({ at: c.at, closed: true })), ...(f.reopenings ?? []).map((r) => ({ at: r.at, closed: false }))].filter(
    (c) => c.at <= at,
  );
  return latest(changes)?.closed ?? false;
}

function openDuring(f: CaseFacts, p: Period): boolean {
  if (!isClosed(f, p.from)) return true;
  return (f.reopenings ?? []).some((r) => r.at >= p.from && r.at < p.to);
}

/** The first-contact deadline the case's policy set when it was opened: from the referral, the urgent one on the urgent path. */
export function firstContactDeadline(f: CaseFacts): Date | undefined {
  const policy = f.openingPolicy ? POLICY_VERSIONS[f.openingPolicy] : undefined;
  if (!policy || !f.referredAt) return undefined;
  return firstContactDueAt(policy, f.referredAt, f.riskLevelAtOpening === 'urgent');
}

function valueAt<T extends { at: Date }>(timeline: readonly T[], at: Date): T | undefined {
  const sorted = [...timeline].sort((a, b) => a.at.getTime() - b.at.getTime());
  return [...sorted].reverse().find((x) => x.at <= at) ?? sorted[0];
}

const latest = <T extends { at: Date }>(xs: readonly T[]): T | undefined => xs.reduce<T | undefined>((m, x) => (!m || x.at > m.at ? x : m), undefined);
const earliest = <T extends { at: Date }>(xs: readonly T[]): T | undefined => xs.reduce<T | undefined>((m, x) => (!m || x.at < m.at ? x : m), undefined);

function firstPerId<T extends { id: string; at: Date }>(xs: readonly T[]): T[] {
  const first = new Map<string, T>();
  for (const x of xs) if (!first.has(x.id) || x.at < first.get(x.id)!.at) first.set(x.id, x);
  return [...first.values()];
}

function perChild<T extends { child: number }>(xs: readonly T[]): Map<number, T[]> {
  const of = new Map<number, T[]>();
  for (const x of xs) of.set(x.child, [...(of.get(x.child) ?? []), x]);
  return of;
}

function firstPerChild<T extends { child: number; at: Date }>(xs: readonly T[]): Map<number, T> {
  const first = new Map<number, T>();
  for (const x of xs) if (!first.has(x.child) || x.at < first.get(x.child)!.at) first.set(x.child, x);
  return first;
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
