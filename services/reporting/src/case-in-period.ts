import { childHivStatusRuleOf, finalHivStatus, firstContactDueAt, POLICY_VERSIONS, RiskFactor } from '@continuum/domain';
import type { CaseFacts } from './facts';
import type { Period } from './period';

/** Something a case counts (1 unless `value` says) or measures, at the time it happened. */
export interface Counted {
  at: Date;
  value?: number;
}

const DAY_MS = 86_400_000;
/** A delay is sampled in whole days, to the nearest: a histogram of them stays small, and its median is exact. */
export const days = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / DAY_MS);

/**
 * One case as one period sees it: what the catalogue's rules read (each indicator says what counts to it,
 * catalogue.ts). Built once per case and period; what several rules read is worked out once, when first read.
 */
export class CaseInPeriod {
  /** Point-in-time indicators read the end of the period, or now while it runs. */
  readonly asOf: Date;

  constructor(
    readonly f: CaseFacts,
    readonly p: Period,
    now: Date,
  ) {
    this.asOf = new Date(Math.min(p.to.getTime() - 1, now.getTime()));
  }

  inPeriod(d: Date | undefined): d is Date {
    return d !== undefined && d >= this.p.from && d < this.p.to;
  }
  /** Taken on and not closed at the end of the period. */
  openAtEnd(since: Date | undefined): since is Date {
    return since !== undefined && since <= this.asOf && !this.memo('closedAtEnd', () => isClosed(this.f, this.asOf));
  }
  /** Taken on, and open at some moment of the period: from when. */
  get coveredFrom(): Date | undefined {
    return this.memo('coveredFrom', () => {
      const { f, p } = this;
      if (!f.acceptedAt || f.acceptedAt >= p.to || !openDuring(f, p)) return undefined;
      return f.acceptedAt > p.from ? f.acceptedAt : p.from;
    });
  }
  /** The case's last closure in the period; a rejected referral was never a family on follow-up. */
  get closure() {
    return this.memo('closure', () => {
      const last = latest((this.f.closures ?? []).filter((c) => this.inPeriod(c.at)));
      return last && last.outcome !== 'referral-rejected' ? last : undefined;
    });
  }
  /** Each child's first placement in care. */
  get placements() {
    return this.memo('placements', () => firstPerChild(this.f.placements ?? []));
  }
  /** Each child's placement in the period. */
  get placedInPeriod() {
    return this.memo('placedInPeriod', () => [...this.placements.values()].filter((pl) => this.inPeriod(pl.at)));
  }
  /** The children whose HIV status became final in the period (by the rule of the case's policy), by then. */
  get finalHivStatuses() {
    return this.memo('finals', () => {
      const rule = childHivStatusRuleOf(POLICY_VERSIONS[latest(this.f.policies ?? [])?.version ?? '']);
      return [...perChild(this.f.hivResults ?? []).values()]
        .map((results) => finalHivStatus(results, rule))
        .filter((final) => final != null && this.inPeriod(final.at) && final.at <= this.asOf)
        .map((final) => final!);
    });
  }
  /** Referred in the period: when. */
  get referredInPeriod(): Date | undefined {
    return this.inPeriod(this.f.openedAt) ? this.f.openedAt : undefined;
  }
  /** The risk factors the case was screened with that are codes of the vocabulary, and whether it had others. */
  get riskFactors() {
    return this.memo('factors', () => {
      const all = new Set(this.f.riskFactors ?? []);
      const known = [...all].filter((x): x is RiskFactor => RiskFactor.safeParse(x).success);
      return { known, other: known.length < all.size };
    });
  }
  get intentsInPeriod() {
    return this.memo('intents', () => (this.f.intentsToAbandon ?? []).filter((i) => this.inPeriod(i.at)));
  }
  /** The family's first intent in the period, and its children placed by the end of it (or now). */
  get firstIntent() {
    return this.memo('firstIntent', () => {
      const first = earliest(this.intentsInPeriod);
      if (!first) return undefined;
      const placed = [...this.placements.values()].filter((pl) => pl.at <= this.asOf).length;
      return { at: first.at, placed, stayed: Math.max(0, (this.f.children ?? 0) - placed) };
    });
  }
  /** Contacts planned in the period (a contact the closure cancelled was never due), and whether each was done. */
  get contactsPlanned() {
    return this.memo('contacts', () => {
      const cancelled = new Set(this.f.contactsCancelled ?? []);
      const done = new Set(this.f.contactsDone ?? []);
      return firstPerId(this.f.contactsPlanned ?? [])
        .filter((c) => this.inPeriod(c.at) && !cancelled.has(c.id))
        .map((c) => ({ at: c.at, done: done.has(c.id) }));
    });
  }
  /** Events of a kind in the period, each id once (at its first time). */
  once<T extends { id: string; at: Date }>(xs: readonly T[] | undefined): T[] {
    return firstPerId(xs ?? []).filter((x) => this.inPeriod(x.at));
  }

  private readonly memos = new Map<string, unknown>();
  private memo<T>(key: string, make: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, make());
    return this.memos.get(key) as T;
  }
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
