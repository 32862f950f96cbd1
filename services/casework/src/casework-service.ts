import type { CaseworkConfig } from '@continuum/config';
import { mongoTls, natsTls } from '@continuum/config';
import type { Logger } from '@continuum/log';
import { connectBus } from '@continuum/bus';
import { auditTrail, startAuditSealer } from '@continuum/audit';
import { authenticateStaff, createApp, limitPerMinute, listen, serveOpenApi } from '@continuum/http';
import { activeStaffMember, caseVaultOf, connectStore } from '@continuum/store';
import { connectTemporalClient } from '@continuum/temporal';
import { caseworkRouters } from './routers';
import { buildCaseworkOpenApi } from './api';

/** The casework service: the API caseworkers and supervisors work through. Every route but GET /openapi.json is authenticated. */
export async function startCaseworkService(config: CaseworkConfig, log: Logger) {
  // Built first: a bad route table fails the start before anything connects.
  const openApi = buildCaseworkOpenApi();
  const store = await connectStore(config.MONGO_URL, mongoTls(config));
  await store.ensureIndexes();
  // Publishes a break-glass read, which the district's supervisors are told of, and the audit trail.
  const bus = await connectBus(config.NATS_URL, 'casework', config.NATS_STREAM_REPLICAS, natsTls(config));
  // Each family's personal data is sealed under its case's own key (the keyring wraps those keys).
  const vault = caseVaultOf(store, config);
  // The case's Updates and signals travel sealed under its key too (forCase in workflow-calls.ts).
  const temporal = await connectTemporalClient(config, vault);
  const audit = auditTrail(bus.js, { payloadKey: config.PAYLOAD_KEY, vault });
  // Every instance seals the trail into MongoDB, the copy GET /audit reads (see sealer.ts).
  const sealer = await startAuditSealer(bus.js, store, log);

  const app = createApp({ trustProxy: config.TRUST_PROXY });
  serveOpenApi(app, openApi); // public: mounted before authentication
  app.use(limitPerMinute(config.AUTH_FAILURES_PER_MINUTE, 'failed-authentication'));
  app.use(authenticateStaff(config, (staffId) => activeStaffMember(store, staffId)));
  for (const router of caseworkRouters({ store, temporal, js: bus.js, audit, vault, config })) app.use(router);
  const server = await listen(app, config.CASEWORK_PORT, config.HTTP_HOST, log);
  log.info({ port: server.port }, 'casework listening');

  return {
    port: server.port,
    async stop() {
      await server.close();
      await sealer.stop();
      await temporal.connection.close();
      await bus.close();
      await store.close();
    },
  };
}
