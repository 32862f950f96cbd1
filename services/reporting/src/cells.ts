import type { CaseFacts } from './facts';
import { addSample, contributions, placeAt, type Place, type Tally } from './indicators';
import { nextQuarter, quarterOf, quarterPeriod } from './period';

/**
 * Indicator cells: what the cases contributed to the indicators, summed per (programme, district, policy
 * version, quarter), so a quarter's indicators read a few cells instead of folding every case.
 *
 * A case contributes exactly, quarter by quarter, from the quarter of its first fact to the quarter of its
 * last. After that nothing happens to it, so it contributes the same to every later quarter: the state it
 * was left in (open, in follow-up, covered), at the place it was left. That state is added once to the
 * place's OPEN cell and noted as `ending` in the cell of its last quarter; a later quarter Q then reads
 *
 *     cell[Q].counts + OPEN.counts − Σ cell[q].ending over q ≥ Q
 *
 * (the open state of every case whose last fact is before Q), so no job has to carry open cases into a new
 * quarter. Cells are computed as if every fact had happened by now (a quarter still running reads as of
 * now): the same facts give the same cells, whenever and however often they are computed.
 */

/** The pseudo-quarter of the open state. */
export const OPEN = 'open';

/** One case's contribution to one cell (names as the catalogue spells them). */
export interface CellPart extends Place {
  quarter: string;
  counts: Record<string, number>;
  /** The open state of the cases whose last fact is in this quarter (see above). */
  ending: Record<string, number>;
  /** Histograms of whole days, by sample. */
  samples: Record<string, Record<string, number>>;
}

export const cellKey = (p: Place, quarter: string) => [p.programme, p.district, p.policyVersion ?? '-', quarter].join('|');

/** Everything a case contributes, by cell key. Pure: the same facts give the same parts. */
export function caseCells(f: CaseFacts): Map<string, CellPart> {
  const parts = new Map<string, CellPart>();
  const times = timesOf(f);
  if (times.length === 0) return parts;
  const part = (place: Place, quarter: string) => {
    const key = cellKey(place, quarter);
    let p = parts.get(key);
    if (!p) parts.set(key, (p = { ...place, quarter, counts: {}, ending: {}, samples: {} }));
    return p;
  };
  const first = quarterOf(new Date(Math.min(...times)));
  const last = quarterOf(new Date(Math.max(...times)));
  for (let q = first; q <= last; q = nextQuarter(q)) {
    for (const c of contributions(f, quarterPeriod(q), FAR)) {
      const p = part(placeAt(f, c.at), q);
      if ('count' in c) add(p.counts, c.count, c.value ?? 1);
      else addSample(p, c.sample, c.value, 1);
    }
  }
  // The quarter after the last fact stands for every later one: only the state the case was left in counts there.
  for (const c of contributions(f, quarterPeriod(nextQuarter(last)), FAR)) {
    if (!('count' in c)) continue; // none: samples come from facts
    const place = placeAt(f, c.at);
    add(part(place, OPEN).counts, c.count, c.value ?? 1);
    add(part(place, last).ending, c.count, c.value ?? 1);
  }
  return parts;
}

/**
 * Tallies a quarter from cells (see above): `cells` must hold, for the places asked for, the quarter's
 * cells, every later quarter's and the OPEN ones. Rows as `tally` makes them: `rowOf` names a place's row
 * (undefined leaves it out), and a place with nothing in the quarter makes no row.
 */
export function tallyCells(cells: Iterable<CellPart>, quarter: string, now: Date, rowOf: (place: Place) => string | undefined): Map<string, Tally> {
  const rows = new Map<string, Tally>();
  if (quarterPeriod(quarter).from > now) return rows; // nothing has happened in a quarter still to come
  const places = new Map<string, { place: Place; t: Tally }>();
  for (const cell of cells) {
    const own = cell.quarter === quarter;
    const open = cell.quarter === OPEN;
    const later = !open && cell.quarter > quarter;
    if (!own && !open && !later) continue;
    const key = cellKey(cell, '');
    let p = places.get(key);
    if (!p)
      places.set(
        key,
        (p = { place: { programme: cell.programme, district: cell.district, policyVersion: cell.policyVersion }, t: { counts: {}, samples: {} } }),
      );
    if (own || open) for (const [name, n] of Object.entries(cell.counts)) add(p.t.counts, name, n);
    if (own) addSamples(p.t, cell.samples);
    if (own || later) for (const [name, n] of Object.entries(cell.ending)) add(p.t.counts, name, -n);
  }
  for (const { place, t } of places.values()) {
    const something = Object.values(t.counts).some((n) => n !== 0) || Object.values(t.samples).some((h) => Object.values(h).some((n) => n !== 0));
    if (!something) continue;
    const row = rowOf(place);
    if (row === undefined) continue;
    const r = rows.get(row);
    if (!r) rows.set(row, t);
    else {
      for (const [name, n] of Object.entries(t.counts)) add(r.counts, name, n);
      addSamples(r, t.samples);
    }
  }
  return rows;
}

const addSamples = (t: Tally, samples: CellPart['samples']) => {
  for (const [name, h] of Object.entries(samples)) for (const [value, n] of Object.entries(h)) addSample(t, name, Number(value), n);
};

/** The quarters a query of `quarter` reads cells of, up to a year past `now` (a clock a little ahead still counts). */
export function quartersToRead(quarter: string, now: Date): string[] {
  const until = quarterOf(new Date(now.getTime() + 366 * 86_400_000));
  const out = [OPEN];
  for (let q = quarter; q <= until; q = nextQuarter(q)) out.push(q);
  return out;
}

/**
 * What turns `from` into `to` (both a case's parts by key): per cell, the differences, leaving out cells
 * that do not change. Applied to the summed cells, it moves the case's contributions (a transfer moves
 * them to another district, a reopening takes its closure back).
 */
export function cellDelta(from: ReadonlyMap<string, CellPart>, to: ReadonlyMap<string, CellPart>): Map<string, CellPart> {
  const delta = new Map<string, CellPart>();
  for (const key of new Set([...from.keys(), ...to.keys()])) {
    const a = from.get(key);
    const b = to.get(key);
    const base = (b ?? a)!;
    const d: CellPart = {
      programme: base.programme,
      district: base.district,
      policyVersion: base.policyVersion,
      quarter: base.quarter,
      counts: {},
      ending: {},
      samples: {},
    };
    diff(d.counts, a?.counts, b?.counts);
    diff(d.ending, a?.ending, b?.ending);
    for (const name of new Set([...Object.keys(a?.samples ?? {}), ...Object.keys(b?.samples ?? {})])) {
      const h: Record<string, number> = {};
      diff(h, a?.samples[name], b?.samples[name]);
      if (Object.keys(h).length) d.samples[name] = h;
    }
    if (Object.keys(d.counts).length || Object.keys(d.ending).length || Object.keys(d.samples).length) delta.set(key, d);
  }
  return delta;
}

/** Adds parts (or a delta) into summed cells, as the store's $inc does. */
export function addParts(sum: Map<string, CellPart>, parts: Iterable<[string, CellPart]>): Map<string, CellPart> {
  for (const [key, p] of parts) {
    let c = sum.get(key);
    if (!c)
      sum.set(
        key,
        (c = { programme: p.programme, district: p.district, policyVersion: p.policyVersion, quarter: p.quarter, counts: {}, ending: {}, samples: {} }),
      );
    for (const [n, v] of Object.entries(p.counts)) add(c.counts, n, v);
    for (const [n, v] of Object.entries(p.ending)) add(c.ending, n, v);
    for (const [n, h] of Object.entries(p.samples)) for (const [x, v] of Object.entries(h)) add((c.samples[n] ??= {}), x, v);
  }
  return sum;
}

function diff(out: Record<string, number>, a: Readonly<Record<string, number>> | undefined, b: Readonly<Record<string, number>> | undefined): void {
  for (const k of new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])) {
    const d = (b?.[k] ?? 0) - (a?.[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
}

const add = (xs: Record<string, number>, name: string, n: number) => void (xs[name] = (xs[name] ?? 0) + n);

/** Past every fact: as of the end of each quarter. */
const FAR = new Date(8.64e15);

/** Every time the case's facts hold. */
function timesOf(f: CaseFacts): number[] {
  const dates: Array<Date | undefined> = [
    f.referredAt,
    f.openedAt,
    f.acceptedAt,
    f.firstContactAt,
    f.followUpAt,
    ...[
      f.districts,
      f.policies,
      f.closures,
      f.reopenings,
      f.intentsToAbandon,
      f.placements,
      f.hivResults,
      f.contactsPlanned,
      f.overdueTasks,
      f.conferencesHeld,
    ].flatMap((xs) => (xs ?? []).map((x) => x.at)),
  ];
  return dates.filter((d): d is Date => d !== undefined).map((d) => new Date(d).getTime());
}
