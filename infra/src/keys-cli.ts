import { join } from 'node:path';
import { auditTrail } from '@continuum/audit';
import { connectBus } from '@continuum/bus';
import { CaseId, Reason, StaffId } from '@continuum/domain';
import { toCsv } from '@continuum/http';
import { caseVault, connectStore, Keyring } from '@continuum/store';
import { connectTemporalClient } from '@continuum/temporal';
import { familyEraser } from '../../services/worker/src/erasure';
import { flag } from './cli-args';
import { devSecrets } from './dev-secrets';
import { DEV_PORTS } from './ports';

const USAGE = `usage:
  npm run -s keys -- erase <caseId> --by <staffId> --reason "<why>"
      Erases one family at once (a person's request, a court's order): ends the case's workflows still running,
      destroys the case's data key, so every copy of its personal data (MongoDB, Temporal's histories, backups)
      is unreadable from then on, and records the erasure (the erasures report and the audit trail, with the
      reason sealed under the installation's key). The case keeps its codes for the reports.
  npm run -s keys -- rewrap
      After a master-key rotation (PAYLOAD_KEY and PAYLOAD_KEY_ID the new key, PAYLOAD_KEYS_EARLIER the old):
      wraps every case's data key again under the new one. Once it has run, the old key may go.
  npm run -s keys -- erasures [--since YYYY-MM-DD] [--run YYYY-MM-DD]
      The erasures report as CSV: each family erased, when and why (retention, with its run, or a request).
Uses MONGO_URL, NATS_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, PAYLOAD_KEY, PAYLOAD_KEY_ID and
PAYLOAD_KEYS_EARLIER (default: the embedded stack of npm start and its key in .data/).`;

function fail(message: string): never {
  console.error(`keys: ${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (!['erase', 'rewrap', 'erasures'].includes(command ?? '')) fail(command ? `unknown command ${command}` : 'a command is needed');
  const dataDir = process.env.CONTINUUM_DATA_DIR ?? join(__dirname, '..', '..', '.data');
  const keys = {
    PAYLOAD_KEY: process.env.PAYLOAD_KEY ?? devSecrets(join(dataDir, 'secrets.json')).PAYLOAD_KEY,
    PAYLOAD_KEY_ID: process.env.PAYLOAD_KEY_ID ?? 'k1',
    PAYLOAD_KEYS_EARLIER: process.env.PAYLOAD_KEYS_EARLIER ?? '',
  };
  const store = await connectStore(process.env.MONGO_URL ?? `mongodb://127.0.0.1:${DEV_PORTS.mongo}/continuum`);
  const vault = caseVault(store, Keyring.of(keys), { cacheMs: 0 });
  try {
    if (command === 'rewrap') {
      const done = await vault.rewrap((n) => process.stderr.write(`\rwrapped ${n} case keys again`));
      process.stderr.write('\n');
      console.log(
        `${done} case keys are now wrapped under ${keys.PAYLOAD_KEY_ID}; keys wrapped under an earlier master key: ${await store.caseKeys.countDocuments({ wrapped: { $ne: null }, kekId: { $ne: keys.PAYLOAD_KEY_ID } })}`,
      );
      return;
    }
    if (command === 'erasures') {
      const since = flag(args, 'since');
      const run = flag(args, 'run');
      const rows = await store.erasures
        .find({ ...(since && { erasedAt: { $gte: new Date(since) } }), ...(run && { run }) })
        .sort({ erasedAt: 1 })
        .lean();
      process.stdout.write(
        toCsv(
          ['caseId', 'programme', 'district', 'closedAt', 'erasedAt', 'why', 'by', 'run', 'workflowsEnded'],
          rows.map((r) => [
            r._id,
            r.programme,
            r.district,
            r.closedAt?.toISOString() ?? '',
            r.erasedAt.toISOString(),
            r.why,
            r.by,
            r.run ?? '',
            r.workflowsEnded,
          ]),
        ),
      );
      return;
    }
    const caseId = CaseId.safeParse(args[0]);
    const by = StaffId.safeParse(flag(args, 'by'));
    const reason = Reason.safeParse(flag(args, 'reason'));
    if (!caseId.success) fail('erase needs the case id (case-<20 hex digits>)');
    if (!by.success) fail('erase needs --by <staffId>: who asked for it');
    if (!reason.success) fail('erase needs --reason "<why>" (at least 3 characters)');
    if (!(await store.cases.exists({ _id: caseId.data }))) fail(`no case ${caseId.data}`);
    const bus = await connectBus(process.env.NATS_URL ?? `nats://127.0.0.1:${DEV_PORTS.nats}`, 'continuum-keys');
    const temporal = await connectTemporalClient(
      {
        TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS ?? `127.0.0.1:${DEV_PORTS.temporal}`,
        TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? 'default',
        ...keys,
      },
      vault,
    );
    try {
      const erase = familyEraser(store, temporal, vault, auditTrail(bus.js, { payloadKey: keys.PAYLOAD_KEY }));
      await erase({ caseId: caseId.data, why: 'request', by: by.data, run: null, at: new Date().toISOString(), reason: reason.data });
      const row = await store.erasures.findById(caseId.data).lean();
      console.log(`${caseId.data} erased at ${row?.erasedAt.toISOString()} (${row?.workflowsEnded ?? 0} workflows ended); its codes stay for the reports`);
    } finally {
      await temporal.connection.close();
      await bus.close();
    }
  } finally {
    await store.close();
  }
}

main().catch((err: Error) => {
  console.error(`keys: ${err.message}`);
  process.exit(1);
});
