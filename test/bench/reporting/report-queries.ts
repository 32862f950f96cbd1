import { ReportingConfig } from '@continuum/config';
import type { Store } from '@continuum/store';
import type { CaseFacts } from '../../../services/reporting/src/facts';
import { indicatorTable } from '../../../services/reporting/src/indicator-table';
import type { Period } from '../../../services/reporting/src/period';
import { quarterlyReport } from '../../../services/reporting/src/quarterly-report';
import { foldedTallies, loadDistricts, loadFacts, type DistrictRef } from '../../../services/reporting/src/report-data';
import { renderQuarterlyReport } from '../../../services/reporting/src/report-html';
import { suppressTable } from '../../../services/reporting/src/suppression';

/**
 * The reporting API's answers, composed of the same calls as its routes (indicators.routes.ts,
 * reports.routes.ts) minus HTTP and authentication, each timed in two parts: reading (what MongoDB
 * serves) and computing (the service's own work over what it read).
 */

/** The service's default threshold of suppression (SUPPRESS_BELOW). */
const SUPPRESS_BELOW = ReportingConfig.shape.SUPPRESS_BELOW.parse(undefined);

export interface ReportRead {
  districts: DistrictRef[];
  facts: CaseFacts[];
  ms: number;
}

/** The read every report starts with: the districts, then the folded facts of every case ever in them. */
export async function readReport(store: Store, where: { ids: string[] } | { city: string }): Promise<ReportRead> {
  const t0 = performance.now();
  const districts = await loadDistricts(store, where);
  if (districts.length === 0) throw new Error(`no districts for ${JSON.stringify(where)}`);
  const facts = await loadFacts(store, districts.map((d) => d.id));
  return { districts, facts, ms: performance.now() - t0 };
}

/** What the answer holds (so the compute is not thrown away unseen) and how long computing it took. */
export interface Computed {
  rows: number;
  ms: number;
}

/** GET /indicators?district=…: the district's own supervisor asks, so nothing is suppressed. */
export function districtIndicators(read: ReportRead, period: Period, now: Date): Computed {
  const t0 = performance.now();
  const table = indicatorTable(foldedTallies(read.facts, period, now), { districts: read.districts, groupBy: ['district', 'programme'] });
  JSON.stringify(table);
  return { rows: table.rows.length, ms: performance.now() - t0 };
}

/** GET /indicators?city=…: a coordinator asks for the city, which leaves the districts, so it is suppressed. */
export function cityIndicators(read: ReportRead, period: Period, now: Date): Computed {
  const t0 = performance.now();
  const table = indicatorTable(foldedTallies(read.facts, period, now), { districts: read.districts, groupBy: ['district', 'programme'] });
  const shown = suppressTable([...table.rows, table.total], [{ parts: table.rows.map((r) => r.id), total: 'total' }], SUPPRESS_BELOW);
  JSON.stringify(shown);
  return { rows: table.rows.length, ms: performance.now() - t0 };
}

/** GET /reports/quarterly?city=…: the city's coordination report, as the HTML page the route sends by default. */
export function quarterlyReportPage(read: ReportRead, period: Period, now: Date): Computed {
  const t0 = performance.now();
  const report = quarterlyReport(foldedTallies(read.facts, period, now), read.districts, period, now, SUPPRESS_BELOW);
  renderQuarterlyReport(report);
  return { rows: report.programmes.reduce((n, p) => n + p.rows.length, 0), ms: performance.now() - t0 };
}

/** The baseline: every document of the collection read to the client, whole, as a plain find would. */
export async function readWholeCollection(store: Store, onProgress: (read: number) => void): Promise<number> {
  let read = 0;
  for await (const _doc of store.reportCases.find({}).lean().cursor()) {
    if (++read % 1000 === 0) onProgress(read);
  }
  return read;
}

/** The server's own scan: a filter on a field no index covers, matching nothing, so nothing travels. */
export async function countWithUnindexedFilter(store: Store): Promise<number> {
  return store.reportCases.countDocuments({ factCount: { $lt: 0 } });
}

/**
 * Whether the server answers loadFacts's filter from an index. FerretDB's explain says whether the
 * filter was pushed down to SQLite at all (filterPushdown); MongoDB's names the plan (IXSCAN or COLLSCAN).
 */
export async function readPlan(store: Store, districtIds: readonly string[]): Promise<{ usesIndex: boolean | null; detail: string }> {
  // The filter loadFacts (report-data.ts) sends.
  const plan = (await store.reportCases.find({ districtsSeen: { $in: [...districtIds] } }, { facts: 1 }).explain()) as unknown as Record<string, unknown>;
  if ('filterPushdown' in plan) return { usesIndex: plan.filterPushdown === true, detail: `FerretDB explain: filterPushdown ${String(plan.filterPushdown)}` };
  const text = JSON.stringify(plan.queryPlanner ?? plan);
  if (text.includes('IXSCAN')) return { usesIndex: true, detail: 'MongoDB explain: IXSCAN' };
  if (text.includes('COLLSCAN')) return { usesIndex: false, detail: 'MongoDB explain: COLLSCAN' };
  return { usesIndex: null, detail: 'explain did not say' };
}
