import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { auditTrail } from '@continuum/audit';
import { connectBus } from '@continuum/bus';
import { connectStore, exportReferenceData, importReferenceData } from '@continuum/store';
import { DEV_PORTS } from './ports';
import { flag } from './cli-args';

const USAGE = `usage:
  npm run -s reference -- import <file.yaml|file.json> --as <your staff id> [--dry-run]
  npm run -s reference -- export [--out <file.yaml>]
Imports a city's reference data (cities, districts, facilities, staff; the format is in the README): every row
is checked first, and if any is wrong nothing is written and each error is listed with its row. The same file
again changes nothing. Each change is written to the audit trail with the --as id. Uses MONGO_URL and NATS_URL
(default: the embedded stack of npm start).`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'import' && command !== 'export') {
    console.error(USAGE);
    process.exit(2);
  }
  const store = await connectStore(process.env.MONGO_URL ?? `mongodb://127.0.0.1:${DEV_PORTS.mongo}/continuum`);
  try {
    if (command === 'export') {
      const text = stringify(await exportReferenceData(store));
      const out = flag(rest, 'out');
      if (out) writeFileSync(out, text);
      else process.stdout.write(text);
      return;
    }
    const file = rest.find((a, i) => !a.startsWith('--') && rest[i - 1] !== '--as');
    const by = flag(rest, 'as');
    if (!file || !by) throw new Error(`give the file and --as <your staff id>\n\n${USAGE}`);
    const text = readFileSync(file, 'utf8');
    const data: unknown = file.endsWith('.json') ? JSON.parse(text) : parse(text);
    const dryRun = rest.includes('--dry-run');
    const bus = await connectBus(process.env.NATS_URL ?? `nats://127.0.0.1:${DEV_PORTS.nats}`, 'continuum-reference');
    const result = await importReferenceData(store, data, { by, audit: auditTrail(bus.js), dryRun }).finally(() => bus.close());
    for (const e of result.errors) console.error(`${e.row}: ${e.path}: ${e.message}`);
    if (result.errors.length > 0) {
      console.error(`${result.errors.length} error(s): nothing was written`);
      process.exitCode = 1;
      return;
    }
    for (const id of result.created) console.log(`${dryRun ? 'would create' : 'created'} ${id}`);
    for (const id of result.updated) console.log(`${dryRun ? 'would update' : 'updated'} ${id}`);
    console.log(
      `${result.created.length} created, ${result.updated.length} updated, ${result.unchanged} unchanged${dryRun ? ' (dry run: nothing written)' : ''}`,
    );
  } finally {
    await store.close();
  }
}

main().catch((err: Error) => {
  console.error(`reference: ${err.message}`);
  process.exit(1);
});
