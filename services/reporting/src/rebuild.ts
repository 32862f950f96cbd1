import { z } from 'zod';
import { connectBus } from '@continuum/bus';
import { ConnectionEnv, loadConfig, mongoTls, natsTls } from '@continuum/config';
import { connectStore } from '@continuum/store';
import { indicatorTable } from './indicator-table';
import { foldedTallies, loadDistricts, loadFacts } from './report-data';
import { rebuildProjections } from './rebuild-projections';

/**
 * `node --require tsx/cjs services/reporting/src/rebuild.ts` (npm run -s reports:rebuild): drops the
 * reporting projection and rebuilds it from the start of the streams, printing progress, then the
 * counts: facts stored, cases, and every district's all-time totals, which a second rebuild repeats.
 * Needs MONGO_URL and NATS_URL only. Safe while the reporting service runs (see rebuild-projections.ts).
 * Exits 1 when an event could not be applied.
 */
const RebuildConfig = z.object({
  MONGO_URL: ConnectionEnv.MONGO_URL,
  NATS_URL: ConnectionEnv.NATS_URL,
  NATS_STREAM_REPLICAS: ConnectionEnv.NATS_STREAM_REPLICAS,
  NATS_TLS_CA_FILE: ConnectionEnv.NATS_TLS_CA_FILE,
  NATS_TLS_CERT_FILE: ConnectionEnv.NATS_TLS_CERT_FILE,
  NATS_TLS_KEY_FILE: ConnectionEnv.NATS_TLS_KEY_FILE,
  MONGO_TLS_CA_FILE: ConnectionEnv.MONGO_TLS_CA_FILE,
  MONGO_TLS_CERT_KEY_FILE: ConnectionEnv.MONGO_TLS_CERT_KEY_FILE,
});

async function main(): Promise<number> {
  const config = loadConfig(RebuildConfig);
  const say = (line: string) => process.stdout.write(`[rebuild] ${line}\n`);
  const store = await connectStore(config.MONGO_URL, mongoTls(config));
  const bus = await connectBus(config.NATS_URL, 'reporting-rebuild', config.NATS_STREAM_REPLICAS, natsTls(config));
  try {
    await store.ensureIndexes();
    const result = await rebuildProjections(store, bus, say);
    say(`${result.facts} facts of ${result.cases} cases stored in ${result.tookMs} ms`);

    // The numbers, all time and every district: counts only (no personal data), non-zero ones.
    const districts = await loadDistricts(store);
    const facts = await loadFacts(
      store,
      districts.map((d) => d.id),
    );
    const allTime = { from: new Date(0), to: new Date(Date.now() + 1), label: 'all time' };
    const { total } = indicatorTable(foldedTallies(facts, allTime, new Date()), { districts, groupBy: [] });
    const counts = Object.fromEntries(Object.entries(total.values).filter(([, v]) => typeof v === 'number' && v !== 0));
    process.stdout.write(`${JSON.stringify({ rebuilt: result, allTimeTotals: counts })}\n`);
    const failed = result.streams.REFERRALS.failed + result.streams.CASE_EVENTS.failed;
    if (failed > 0) say(`${failed} events could not be applied: see the lines above`);
    return failed > 0 ? 1 : 0;
  } finally {
    await bus.close();
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[rebuild] failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
