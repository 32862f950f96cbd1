import { ReportingConfig } from '@continuum/config';
import type { Store } from '@continuum/store';
import { indicatorTable } from '../../../services/reporting/src/indicator-table';
import type { Period } from '../../../services/reporting/src/period';
import { quarterlyReport } from '../../../services/reporting/src/quarterly-report';
import { loadDistricts, loadTallies } from '../../../services/reporting/src/report-data';
import { renderQuarterlyReport } from '../../../services/reporting/src/report-html';
import { suppressTable } from '../../../services/reporting/src/suppression';

/**
 * The reporting API's answers, composed of the same calls as its routes (indicators.routes.ts,
 * reports.routes.ts) minus HTTP and authentication: the districts, the quarter's cells, the table, the
 * suppression, the page. Each returns the rows it made (so nothing is thrown away unseen) and its time.
 */

/** The service's default threshold of suppression (SUPPRESS_BELOW). */
const SUPPRESS_BELOW = ReportingConfig.shape.SUPPRESS_BELOW.parse(undefined);

export interface Answered {
  rows: number;
  cells: number;
  ms: number;
  /** Of ms: reading the districts (with their social workers) and the cells. */
  readMs: number;
}

/** GET /indicators?district=…: the district's own supervisor asks, so nothing is suppressed. */
export async function districtIndicators(store: Store, districtId: string, period: Period, now: Date): Promise<Answered> {
  const t0 = performance.now();
  const districts = await loadDistricts(store, { ids: [districtId] });
  const tallies = await loadTallies(store, [districtId], period, now);
  const read = performance.now() - t0;
  const table = indicatorTable(tallies, { districts, groupBy: ['district', 'programme'] });
  JSON.stringify(table);
  return { rows: table.rows.length, cells: tallies.cells ?? 0, ms: performance.now() - t0, readMs: read };
}

/** GET /indicators?city=…: a coordinator asks for the city, which leaves the districts, so it is suppressed. */
export async function cityIndicators(store: Store, city: string, period: Period, now: Date): Promise<Answered> {
  const t0 = performance.now();
  const districts = await loadDistricts(store, { city });
  const tallies = await loadTallies(
    store,
    districts.map((d) => d.id),
    period,
    now,
  );
  const read = performance.now() - t0;
  const table = indicatorTable(tallies, { districts, groupBy: ['district', 'programme'] });
  const shown = suppressTable([...table.rows, table.total], [{ parts: table.rows.map((r) => r.id), total: 'total' }], SUPPRESS_BELOW);
  JSON.stringify(shown);
  return { rows: table.rows.length, cells: tallies.cells ?? 0, ms: performance.now() - t0, readMs: read };
}

/** GET /reports/quarterly?city=…: the city's coordination report, as the HTML page the route sends by default. */
export async function quarterlyReportPage(store: Store, city: string, period: Period, now: Date): Promise<Answered> {
  const t0 = performance.now();
  const districts = await loadDistricts(store, { city });
  const tallies = await loadTallies(
    store,
    districts.map((d) => d.id),
    period,
    now,
  );
  const read = performance.now() - t0;
  const report = quarterlyReport(tallies, districts, period, now, SUPPRESS_BELOW);
  renderQuarterlyReport(report);
  return { rows: report.programmes.reduce((n, p) => n + p.rows.length, 0), cells: tallies.cells ?? 0, ms: performance.now() - t0, readMs: read };
}

/** Whether the server answers the cells' filter from an index (MongoDB names the plan; FerretDB says whether it pushed the filter down). */
export async function readPlan(
  store: Store,
  districtIds: readonly string[],
  quarters: readonly string[],
): Promise<{ usesIndex: boolean | null; detail: string }> {
  // The filter loadCells (cell-store.ts) sends.
  const plan = (await store.reportCells.find({ district: { $in: [...districtIds] }, quarter: { $in: [...quarters] } }).explain()) as unknown as Record<
    string,
    unknown
  >;
  const text = JSON.stringify(plan);
  if (text.includes('IXSCAN') || /Bitmap Index Scan|Index Scan/.test(text)) return { usesIndex: true, detail: 'explain: an index scan' };
  if (text.includes('COLLSCAN') || text.includes('Seq Scan')) return { usesIndex: false, detail: 'explain: a collection scan' };
  if ('filterPushdown' in plan) return { usesIndex: null, detail: `explain: filterPushdown ${String(plan.filterPushdown)}` };
  return { usesIndex: null, detail: 'explain did not say' };
}
