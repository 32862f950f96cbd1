import { indicatorValues, type IndicatorValues, type Place } from './indicators';
import { staffOfDistricts, type DistrictRef, type Tallies } from './report-data';

export const DIMENSIONS = ['district', 'programme', 'policyVersion'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface IndicatorQuery {
  /** The districts the table covers: a thing counts only where the case was when it happened. */
  districts: readonly DistrictRef[];
  programme?: string;
  policyVersion?: string;
  groupBy: readonly Dimension[];
}

export interface IndicatorRow {
  id: string;
  key: Partial<Record<Dimension, string | null>>;
  values: IndicatorValues;
}

/**
 * The indicator rows of a query and their total. The total is tallied as one row, not added up from the
 * rows' values, so its medians are the medians of all the samples.
 */
export function indicatorTable(tallies: Tallies, q: IndicatorQuery): { rows: IndicatorRow[]; total: IndicatorRow } {
  const inScope = new Map(q.districts.map((d) => [d.id, d]));
  const keep = (p: Place) =>
    inScope.has(p.district) && (!q.programme || p.programme === q.programme) && (!q.policyVersion || p.policyVersion === q.policyVersion);
  const keyOf = (p: Place) => Object.fromEntries(q.groupBy.map((d) => [d, p[d]])) as IndicatorRow['key'];
  const idOf = (p: Place) => q.groupBy.map((d) => p[d] ?? '-').join('|');

  const keys = new Map<string, IndicatorRow['key']>();
  const rowTallies = tallies.of((p) => {
    if (!keep(p)) return undefined;
    const id = idOf(p);
    if (!keys.has(id)) keys.set(id, keyOf(p));
    return id;
  });
  const totalTally = tallies.of((p) => (keep(p) ? 'total' : undefined)).get('total');

  const all = staffOfDistricts(q.districts);
  const rows = [...keys.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, key]) => {
      const district = key.district ? inScope.get(key.district) : undefined;
      return { id, key, values: indicatorValues(rowTallies.get(id), district ? staffOfDistricts([district]) : q.groupBy.includes('district') ? null : all) };
    });
  return { rows, total: { id: 'total', key: {}, values: indicatorValues(totalTally, all) } };
}
