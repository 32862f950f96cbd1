import { intFlag, type Bench, type BenchContext } from './support/bench';
import { ticker } from './support/progress';
import { figure, type BenchResult, type Figure } from './support/result';
import { ratio } from './support/stats';
import { quarterPeriod } from '../../services/reporting/src/period';
import { BENCH_DATABASE, benchDatabaseSize, dropBenchDatabase, insertCaseSummaries, openBenchDatabase } from './reporting/bench-database';
import {
  cityIndicators,
  countWithUnindexedFilter,
  districtIndicators,
  quarterlyReportPage,
  readPlan,
  readReport,
  readWholeCollection,
  type ReportRead,
} from './reporting/report-queries';
import { PROJECTED_AS_OF, SYNTHETIC_CITIES } from './reporting/synthetic-cases';
import { timedRuns } from './reporting/timed-runs';

/**
 * Reporting over many projected cases: N synthetic case summaries (reportCases documents, folded by the
 * real foldFacts) in a database of their own on the system's server, then the reporting API's reads and
 * computations for a district, a city and the quarterly report, each beside a plain scan of the same
 * collection. On FerretDB (SQLite) every filter but one on _id is a full scan of the collection, so the
 * ratio query ÷ scan says how much of a report is just reading.
 *
 * `npm run bench -- reporting --reporting-cases=100000,1000000`. A million cases is reachable so, but not the
 * default: on FerretDB with 2 cores each full scan of a million takes 9 to 14 minutes (about an hour in all,
 * against about 5 minutes at 100,000), and the city's cases then take some 3.8 GB in the process.
 */

const DEFAULT_SIZES = '100000';
const QUARTER = '2026-Q3';
const DISTRICT = 'spb-nevsky';
const CITY = 'St. Petersburg';
/** After the projected year: every quarter of 2026 is over, so the answers do not depend on the day the bench runs. */
const NOW = new Date(PROJECTED_AS_OF.getTime() + 60_000);
/** Stop repeating a measurement once its runs took this long: one full scan of a million cases takes minutes. */
const REPEAT_BUDGET_MS = 30_000;

export const reportingBench: Bench = {
  name: 'reporting',
  title: 'Reporting: indicators over many projected cases, beside a plain scan',
  flags: { 'reporting-cases': DEFAULT_SIZES, 'reporting-runs': '3', 'reporting-batch': '1000' },
  run,
};

async function run({ t, flags, say }: BenchContext): Promise<BenchResult> {
  const startedAt = new Date();
  const started = performance.now();
  const sizes = casesFlag(flags['reporting-cases'] ?? DEFAULT_SIZES);
  const runs = intFlag(flags, 'reporting-runs', 3);
  const batch = intFlag(flags, 'reporting-batch', 1000);
  const period = quarterPeriod(QUARTER);
  const cityDistricts = SYNTHETIC_CITIES.get(CITY)!;
  const figures: Figure[] = [];

  say(`database ${BENCH_DATABASE} on the system's server; sizes ${sizes.map(sizeLabel).join(', ')}`);
  const store = await openBenchDatabase(t.system.mongoUrl);
  let plan: Awaited<ReturnType<typeof readPlan>> | undefined;
  try {
    let inserted = 0;
    for (const size of sizes) {
      const label = sizeLabel(size);
      const sizeStarted = performance.now();
      say(`${label}: inserting cases ${inserted.toLocaleString('en-US')} to ${size.toLocaleString('en-US')} in batches of ${batch}`);
      const insert = await insertCaseSummaries(store, inserted, size, batch, say);
      inserted = size;
      const insertRate = insert.inserted / insert.insertSeconds;
      say(`${label}: inserted ${insert.inserted.toLocaleString('en-US')} in ${insert.insertSeconds.toFixed(1)} s (${Math.round(insertRate)} docs/s)`);
      figures.push(figure(`${label}: insert rate`, Math.round(insertRate), 'docs/s', `insertMany of ${batch}, ordered: false, one batch at a time; ${insert.inserted.toLocaleString('en-US')} docs in ${insert.insertSeconds.toFixed(0)} s`));

      const disk = await benchDatabaseSize(store, t.system.stackDataDir);
      const bytes = disk.fileBytes ?? disk.reportedBytes;
      figures.push(
        figure(`${label}: size on disk`, bytes === null ? null : mb(bytes), 'MB', bytes === null ? 'not reported' : `${Math.round(bytes / size).toLocaleString('en-US')} B per case; ${disk.fileBytes !== null ? 'SQLite file and WAL' : 'dbStats totalSize'}`),
      );

      const measure = <P extends string>(what: string, op: (run: number) => Promise<Record<P, number>>, howFar?: () => string) =>
        timedRuns<P>(runs, REPEAT_BUDGET_MS, async (n) => {
          const runStarted = performance.now();
          const progress = ticker(() => `${label}: ${what}, run ${n}: ${((performance.now() - runStarted) / 1000).toFixed(0)} s so far${howFar ? `, ${howFar()}` : ''}`, say, 10_000);
          try {
            const parts = await op(n);
            say(`${label}: ${what}, run ${n}: ${Object.entries(parts).map(([k, v]) => `${k} ${ms(v as number)}`).join(', ')}`);
            return parts;
          } finally {
            progress.stop();
          }
        });

      // The baselines: the whole collection read to the client, and the server's scan alone.
      let scanned = 0;
      const scan = await measure(
        'full scan (find {} to the client)',
        async () => {
          const t0 = performance.now();
          scanned = await readWholeCollection(store, (read) => (scanned = read));
          return { read: performance.now() - t0 };
        },
        () => `${scanned.toLocaleString('en-US')}/${size.toLocaleString('en-US')} read`,
      );
      if (scanned !== size) throw new Error(`the scan read ${scanned} cases, expected ${size}`);
      const count = await measure('server-side scan (countDocuments, unindexed filter)', async () => {
        const t0 = performance.now();
        await countWithUnindexedFilter(store);
        return { read: performance.now() - t0 };
      });
      figures.push(
        figure(`${label}: full scan, find({}) to the client`, round(scan.medianMs.total), 'ms', `every document, whole; ${runsNote(scan.runs)}`),
        figure(`${label}: server-side scan, countDocuments`, round(count.medianMs.total), 'ms', `a filter on an unindexed field matching nothing: nothing travels; ${runsNote(count.runs)}`),
      );

      let districtCases = 0;
      const district = await measure(`indicators of ${DISTRICT}`, async () => {
        const read = await readReport(store, { ids: [DISTRICT] });
        districtCases = read.facts.length;
        return { read: read.ms, compute: districtIndicators(read, period, NOW).ms };
      });
      let cityRead: ReportRead | undefined;
      let cityRss = 0;
      const city = await measure(`indicators of ${CITY}`, async () => {
        cityRead = undefined; // the previous run's cases may go before this run reads them again
        cityRead = await readReport(store, { city: CITY });
        cityRss = Math.max(cityRss, process.memoryUsage().rss);
        return { read: cityRead.ms, compute: cityIndicators(cityRead, period, NOW).ms };
      });
      const cityCases = cityRead!.facts.length;
      // The quarterly report reads exactly what the city's indicators read (loadDistricts and loadFacts of the city): only its computing is timed again.
      const quarterly = await measure(`quarterly report of ${CITY} (computing on the city's read)`, async () => ({ compute: quarterlyReportPage(cityRead!, period, NOW).ms }));
      cityRead = undefined;

      const scanMs = scan.medianMs.total;
      /** Beside the full scan (asked for), and beside the server's scan alone in the note: the part no report avoids on FerretDB. */
      const versus = (queryMs: number) => ({ value: round2(ratio(queryMs, scanMs)), note: `÷ the server-side scan: ${round2(ratio(queryMs, count.medianMs.total))}` });
      const districtRatio = versus(district.medianMs.total);
      const cityRatio = versus(city.medianMs.total);
      const quarterlyRatio = versus(city.medianMs.read + quarterly.medianMs.compute);
      figures.push(
        figure(`${label}: indicators of a district (${DISTRICT}, ${QUARTER})`, round(district.medianMs.total), 'ms', `read ${ms(district.medianMs.read)} + compute ${ms(district.medianMs.compute)}; ${districtCases.toLocaleString('en-US')} cases read; ${runsNote(district.runs)}`),
        figure(`${label}: district query ÷ full scan`, districtRatio.value, 'ratio', districtRatio.note),
        figure(`${label}: indicators of a city (${CITY}: ${cityDistricts.length} districts, ${QUARTER})`, round(city.medianMs.total), 'ms', `read ${ms(city.medianMs.read)} + compute ${ms(city.medianMs.compute)}; ${cityCases.toLocaleString('en-US')} cases read; ${runsNote(city.runs)}`),
        figure(`${label}: city query ÷ full scan`, cityRatio.value, 'ratio', cityRatio.note),
        figure(`${label}: quarterly report of a city (HTML)`, round(city.medianMs.read + quarterly.medianMs.compute), 'ms', `the city's read ${ms(city.medianMs.read)} + compute ${ms(quarterly.medianMs.compute)}; ${runsNote(quarterly.runs)} of the compute`),
        figure(`${label}: quarterly report ÷ full scan`, quarterlyRatio.value, 'ratio', quarterlyRatio.note),
        figure(`${label}: RSS of the bench holding the city's cases`, mb(cityRss), 'MB', 'what the reporting service holds while it answers for the city'),
        figure(`${label}: wall time`, round((performance.now() - sizeStarted) / 1000), 's', 'inserting and measuring this size'),
      );
      plan ??= await readPlan(store, cityDistricts);
    }
  } finally {
    say(`dropping ${BENCH_DATABASE}`);
    await dropBenchDatabase(store);
  }
  figures.push(
    figure('loadFacts filter served from an index', plan?.usesIndex === undefined || plan.usesIndex === null ? null : plan.usesIndex ? 1 : 0, '1 = yes', `${plan?.detail ?? 'not asked'}; on FerretDB/SQLite only a filter on _id reaches SQLite, every other is a full scan`),
    figure('peak RSS of the bench process', mb(process.resourceUsage().maxRSS * 1024), 'MB', 'over the whole run'),
  );
  return {
    bench: 'reporting',
    title: reportingBench.title,
    params: { cases: sizes.join(','), runs, batch, quarter: QUARTER, district: DISTRICT, city: CITY, database: BENCH_DATABASE, servers: t.system.serversKind },
    figures,
    startedAt: startedAt.toISOString(),
    seconds: (performance.now() - started) / 1000,
  };
}

/** --reporting-cases=100000,1000000: sizes in ascending order; each size adds its cases to the previous ones. */
function casesFlag(raw: string): number[] {
  const sizes = raw.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`--reporting-cases must be positive whole numbers separated by commas (got "${raw}")`);
  return [...new Set(sizes)].sort((a, b) => a - b);
}

const sizeLabel = (n: number) => (n >= 1e6 && n % 1e5 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 100 === 0 ? `${n / 1e3}k` : String(n));
const runsNote = (n: number) => (n === 1 ? 'one run' : `median of ${n} runs`);
const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const round = (x: number) => Math.round(x);
const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
