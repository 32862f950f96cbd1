import { intFlag, sizeLabel, sizesFlag, type Bench, type BenchContext } from './support/bench';
import { figure, type BenchResult, type Figure } from './support/result';
import type { CellPart } from '../../services/reporting/src/cells';
import { quartersToRead } from '../../services/reporting/src/cells';
import { quarterPeriod } from '../../services/reporting/src/period';
import { BENCH_DATABASE, dropBenchDatabase, openBenchDatabase, seedCells } from './reporting/bench-database';
import { cityIndicators, districtIndicators, quarterlyReportPage, readPlan, type Answered } from './reporting/report-queries';
import { PROJECTED_AS_OF, SYNTHETIC_CITIES } from './reporting/synthetic-cases';
import { timedRuns } from './reporting/timed-runs';

/**
 * Reporting over many cases: N synthetic cases (the real foldFacts of plausible case lives) summed into the
 * indicator cells their summaries would have put there, in a database of their own on the system's server;
 * then the reporting API's answers for a district, a city and the quarterly report, each as its route
 * makes it (districts, cells, table, suppression, page) minus HTTP.
 *
 * `npm run bench -- reporting --reporting-cases=100000,1000000`. Before the cells (see docs/performance.md),
 * the same answers folded every case of the districts: 48 s for a district at 100,000 cases, 844 s at a million.
 */

const DEFAULT_SIZES = '1000,100000,1000000';
const QUARTER = '2026-Q3';
const DISTRICT = 'spb-nevsky';
const CITY = 'St. Petersburg';
/** After the projected year: every quarter of 2026 is over, so the answers do not depend on the day the bench runs. */
const NOW = new Date(PROJECTED_AS_OF.getTime() + 60_000);

export const reportingBench: Bench = {
  name: 'reporting',
  title: 'Reporting: indicators of a quarter from the cells, over many cases',
  flags: { 'reporting-cases': DEFAULT_SIZES, 'reporting-runs': '20' },
  run,
};

async function run({ t, flags, say }: BenchContext): Promise<BenchResult> {
  const startedAt = new Date();
  const started = performance.now();
  const sizes = sizesFlag(flags, 'reporting-cases', DEFAULT_SIZES);
  const runs = intFlag(flags, 'reporting-runs', 20);
  const period = quarterPeriod(QUARTER);
  const cityDistricts = SYNTHETIC_CITIES.get(CITY)!;
  const figures: Figure[] = [];

  say(`database ${BENCH_DATABASE} on the system's server; sizes ${sizes.map(sizeLabel).join(', ')}`);
  const store = await openBenchDatabase(t.system.mongoUrl);
  let plan: Awaited<ReturnType<typeof readPlan>> | undefined;
  try {
    const sum = new Map<string, CellPart>();
    let seeded = 0;
    for (const size of sizes) {
      const label = sizeLabel(size);
      const seed = await seedCells(store, sum, seeded, size, say);
      seeded = size;
      say(
        `${label}: ${seed.cells} cells of ${size.toLocaleString('en-US')} cases (folded in ${seed.foldSeconds.toFixed(0)} s, written in ${seed.writeSeconds.toFixed(1)} s)`,
      );
      figures.push(
        figure(
          `${label}: cells`,
          seed.cells,
          'docs',
          `the sum of ${size.toLocaleString('en-US')} cases; folding them took ${seed.foldSeconds.toFixed(0)} s in the bench`,
        ),
      );

      const measure = async (what: string, answer: () => Promise<Answered>) => {
        let last: Answered | undefined;
        const timed = await timedRuns<'read' | 'compute'>(runs, 10_000, async () => {
          last = await answer();
          return { read: last.readMs, compute: last.ms - last.readMs };
        });
        say(
          `${label}: ${what}: ${timed.medianMs.total.toFixed(1)} ms (median of ${timed.runs}; read ${timed.medianMs.read.toFixed(1)}, compute ${timed.medianMs.compute.toFixed(1)}), ${last!.cells} cells read, ${last!.rows} rows`,
        );
        return { ms: timed.medianMs.total, read: timed.medianMs.read, compute: timed.medianMs.compute, runs: timed.runs, answer: last! };
      };
      const district = await measure(`indicators of ${DISTRICT}`, () => districtIndicators(store, DISTRICT, period, NOW));
      const city = await measure(`indicators of ${CITY}`, () => cityIndicators(store, CITY, period, NOW));
      const quarterly = await measure(`quarterly report of ${CITY}`, () => quarterlyReportPage(store, CITY, period, NOW));
      const note = (m: typeof district) =>
        `read ${m.read.toFixed(1)} ms + compute ${m.compute.toFixed(1)} ms; ${m.answer.cells} cells read, ${m.answer.rows} rows; median of ${m.runs} runs`;
      figures.push(
        figure(`${label}: indicators of a district (${DISTRICT}, ${QUARTER})`, round1(district.ms), 'ms', note(district)),
        figure(`${label}: indicators of a city (${CITY}: ${cityDistricts.length} districts, ${QUARTER}, suppressed)`, round1(city.ms), 'ms', note(city)),
        figure(`${label}: quarterly report of a city (HTML)`, round1(quarterly.ms), 'ms', note(quarterly)),
      );
      plan ??= await readPlan(store, cityDistricts, quartersToRead(QUARTER, NOW));
    }
  } finally {
    say(`dropping ${BENCH_DATABASE}`);
    await dropBenchDatabase(store);
  }
  figures.push(
    figure(
      'cells filter served from an index',
      plan?.usesIndex === undefined || plan.usesIndex === null ? null : plan.usesIndex ? 1 : 0,
      '1 = yes',
      plan?.detail ?? 'not asked',
    ),
    figure('peak RSS of the bench process', mb(process.resourceUsage().maxRSS * 1024), 'MB', 'over the whole run (the cases are made and folded here)'),
  );
  return {
    bench: 'reporting',
    title: reportingBench.title,
    params: { cases: sizes.join(','), runs, quarter: QUARTER, district: DISTRICT, city: CITY, database: BENCH_DATABASE, servers: t.system.serversKind },
    figures,
    startedAt: startedAt.toISOString(),
    seconds: (performance.now() - started) / 1000,
  };
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const round1 = (x: number) => Math.round(x * 10) / 10;
