import type { Store } from '@continuum/store';
import { loadCells } from './cell-store';
import { tallyCells } from './cells';
import type { CaseFacts } from './facts';
import { tally, type Place, type StaffFigures, type Tally } from './indicators';
import { isWholeQuarter, quarterOf, type Period } from './period';

/** A district as the reports need it: reference data, and its social workers counted from the staff registry. */
export interface DistrictRef extends StaffFigures {
  id: string;
  name: string;
  city: string;
  pilot: boolean;
}

/**
 * Districts by id, or a city's, or those of every real city (a training city's drill cases are in no report
 * that does not ask for them); with their social workers (caseworkers of the social-worker discipline).
 */
export async function loadDistricts(store: Store, where: { ids?: string[]; city?: string } = {}): Promise<DistrictRef[]> {
  const training = async () => (await store.cities.find({ training: true }, { _id: 1 }).lean()).map((c) => c._id);
  const filter = where.ids ? { _id: { $in: where.ids } } : where.city ? { city: where.city } : { city: { $nin: await training() } };
  const docs = await store.districts.find(filter, { name: 1, city: 1, population: 1, pilot: 1 }).sort({ _id: 1 }).lean();
  const ids = docs.map((d) => d._id);
  // Counted by the server: one row per district a social worker works in (the aggregation subset FerretDB serves).
  const perDistrict = await store.staff.aggregate<{ _id: string; n: number }>([
    { $match: { roles: 'caseworker', discipline: 'social-worker', districts: { $in: ids } } },
    { $unwind: '$districts' },
    { $match: { districts: { $in: ids } } },
    { $group: { _id: '$districts', n: { $sum: 1 } } },
  ]);
  const workers = new Map(perDistrict.map((r) => [r._id, r.n]));
  return docs.map((d) => ({
    id: d._id,
    name: d.name,
    city: d.city,
    population: d.population,
    pilot: d.pilot === true,
    socialWorkers: workers.get(d._id) ?? 0,
  }));
}

/** A period's tallies, by whatever rows a report asks for. */
export interface Tallies {
  /** The cells read, when they were. */
  cells?: number;
  of(rowOf: (place: Place) => string | undefined): Map<string, Tally>;
}

/**
 * The tallies of some districts in a period: a quarter from the indicator cells (a few small documents,
 * however many cases), any other period by folding the cases ever in those districts.
 */
export async function loadTallies(store: Store, districtIds: readonly string[], period: Period, now: Date, programme?: string): Promise<Tallies> {
  if (isWholeQuarter(period)) {
    const quarter = quarterOf(period.from);
    const cells = await loadCells(store, districtIds, quarter, now, programme);
    return { cells: cells.length, of: (rowOf) => tallyCells(cells, quarter, now, rowOf) };
  }
  return foldedTallies(await loadFacts(store, districtIds, programme), period, now);
}

/** Tallies of folded cases. */
export const foldedTallies = (facts: readonly CaseFacts[], period: Period, now: Date): Tallies => ({ of: (rowOf) => tally(facts, period, now, rowOf) });

/** The folded facts of every case that was ever in one of the districts (each thing then counts where the case was when it happened). */
export async function loadFacts(store: Store, districtIds: readonly string[], programme?: string): Promise<CaseFacts[]> {
  const summaries = await store.reportCases.find({ districtsSeen: { $in: [...districtIds] }, ...(programme ? { programme } : {}) }, { facts: 1 }).lean();
  return summaries.map((s) => s.facts as CaseFacts).sort((a, b) => a._id.localeCompare(b._id));
}

/** The reference data of several districts together. */
export const staffOfDistricts = (districts: readonly DistrictRef[]): StaffFigures => ({
  socialWorkers: districts.reduce((n, d) => n + d.socialWorkers, 0),
  population: districts.reduce((n, d) => n + d.population, 0),
});
