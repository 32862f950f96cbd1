import { NativeConnection, Worker } from '@temporalio/worker';
import { Connection } from '@temporalio/client';
import type { WorkerConfig } from '@continuum/config';
import { mongoTls, natsTls } from '@continuum/config';
import type { Logger } from '@continuum/log';
import { connectBus } from '@continuum/bus';
import { auditTrail } from '@continuum/audit';
import { caseVaultOf, connectStore } from '@continuum/store';
import { connectTemporalClient, dataConverter, temporalTls } from '@continuum/temporal';
import { createCaseActivities } from './activities';
import { createConferenceActivities } from './conference-activities';
import { ensureHandoverSchedule, handoverActivities } from './handover';
import { ensureRetentionSchedule, familyEraser, retentionActivities, retentionYears } from './erasure';
import { ensureSearchAttributes } from './search-attributes';
import { PRELOADED_MODULES, WORKFLOWS_PATH } from '@continuum/workflows/bundle-options';

export interface RunningWorker {
  stop(): Promise<void>;
  done: Promise<void>;
}

/** Connects to MongoDB, NATS and Temporal, then polls the case task queue until stopped. */
export async function startWorker(config: WorkerConfig, log: Logger): Promise<RunningWorker> {
  const store = await connectStore(config.MONGO_URL, mongoTls(config));
  await store.ensureIndexes();
  const bus = await connectBus(config.NATS_URL, 'continuum-worker', config.NATS_STREAM_REPLICAS, natsTls(config));
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  await ensureSearchAttributes(clientConnection, config.TEMPORAL_NAMESPACE);
  await clientConnection.close();

  // Each family's personal data is sealed under its case's own key, in MongoDB and in Temporal's payloads; so
  // are the reasons of the handovers' audit entries.
  const vault = caseVaultOf(store, config);
  // The handover activities reassign cases through the case workflows' own Update.
  const temporal = await connectTemporalClient(config, vault);
  await ensureHandoverSchedule(temporal, config.TEMPORAL_TASK_QUEUE, config.STAFF_HANDOVER_EVERY_MINUTES);
  await ensureRetentionSchedule(temporal, config.TEMPORAL_TASK_QUEUE);
  // An erasure's reason is sealed under the installation's key: the case's own goes with the family.
  const eraseFamily = familyEraser(store, temporal, vault, auditTrail(bus.js, { payloadKey: config.PAYLOAD_KEY }));
  const tls = temporalTls(config);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS, ...(tls ? { tls } : {}) });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...(config.WORKFLOW_BUNDLE_PATH
      ? { workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH } }
      : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: { preloadModules: PRELOADED_MODULES } }),
    activities: {
      ...createCaseActivities(store, bus, vault),
      ...createConferenceActivities(store, bus, vault),
      ...handoverActivities(store, bus, temporal, auditTrail(bus.js, { payloadKey: config.PAYLOAD_KEY, vault }), vault),
      ...retentionActivities(store, eraseFamily, retentionYears(config.RETENTION_YEARS), auditTrail(bus.js)),
    },
    dataConverter: dataConverter(config, {
      caseKeys: vault,
      onRefused: (reason) => log.warn({ reason }, 'payload refused (not encrypted with a key of this system, or its family erased); it decodes to nothing'),
    }),
    maxCachedWorkflows: config.TEMPORAL_MAX_CACHED_WORKFLOWS,
  });
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker polling');
  const done = worker.run().finally(async () => {
    await connection.close();
    await temporal.connection.close();
    await bus.close();
    await store.close();
  });
  return {
    done,
    async stop() {
      worker.shutdown();
      await done;
    },
  };
}
