import { connectBus } from '@continuum/bus';
import { verifyAuditTrail } from '@continuum/audit';
import { connectStore } from '@continuum/store';
import { DEV_PORTS } from './ports';

const USAGE = `usage:
  npm run -s audit -- verify
Proves the audit trail whole: every entry MongoDB holds is there in order (no gap), links to the one before by
hash, has the fields it was written with, and is the entry the AUDIT stream holds at its place. Prints each
problem with the entry's number and exits 1 if there is any; prints the head (the last entry and its link) to
keep elsewhere, so that a later rewrite of the whole chain shows too. Uses MONGO_URL and NATS_URL (default: the
embedded stack of npm start).`;

async function main(): Promise<void> {
  const [command] = process.argv.slice(2);
  if (command !== 'verify') {
    console.error(USAGE);
    process.exit(2);
  }
  const store = await connectStore(process.env.MONGO_URL ?? `mongodb://127.0.0.1:${DEV_PORTS.mongo}/continuum`);
  const bus = await connectBus(process.env.NATS_URL ?? `nats://127.0.0.1:${DEV_PORTS.nats}`, 'continuum-audit-verify');
  try {
    const result = await verifyAuditTrail(store, bus.js, bus.jsm, (checked, total) => process.stderr.write(`\rchecked ${checked} of ${total} entries`));
    process.stderr.write('\n');
    for (const p of result.problems) console.log(`entry ${p.seq}: ${p.problem}`);
    if (result.unsealed > 0) console.log(`${result.unsealed} entries at the end of the stream are not sealed yet (the casework service seals them)`);
    const head = result.head ? `head: entry ${result.head.seq}, link ${result.head.hash}` : 'no entries yet';
    if (!result.ok) {
      console.log(`the audit trail is NOT whole: ${result.problems.length} problem(s) in ${result.entries} entries; ${head}`);
      process.exitCode = 1;
      return;
    }
    console.log(`the audit trail is whole: ${result.entries} entries; ${head}`);
  } finally {
    await bus.close();
    await store.close();
  }
}

main().catch((err: Error) => {
  console.error(`audit: ${err.message}`);
  process.exit(1);
});
