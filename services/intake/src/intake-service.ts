import type { IntakeConfig } from '@continuum/config';
import { mongoTls, natsTls } from '@continuum/config';
import type { Logger } from '@continuum/log';
import { connectBus, startConsumer } from '@continuum/bus';
import { auditTrail } from '@continuum/audit';
import { authenticateFacility, createApp, limitPerMinute, listen, serveOpenApi } from '@continuum/http';
import { activeFacility, caseVaultOf, connectStore } from '@continuum/store';
import { connectTemporalClient } from '@continuum/temporal';
import { caseStarter } from './case-starter';
import { referralRoutes } from './referrals.routes';
import { buildIntakeOpenApi } from './api';

/** The intake service: the referral API and the consumer that turns referrals into case workflows. */
export async function startIntakeService(config: IntakeConfig, log: Logger) {
  // Built first: a bad route table fails the start before anything connects.
  const openApi = buildIntakeOpenApi();
  const store = await connectStore(config.MONGO_URL, mongoTls(config));
  await store.ensureIndexes();
  const bus = await connectBus(config.NATS_URL, 'continuum-intake', config.NATS_STREAM_REPLICAS, natsTls(config));
  // Each family's data is sealed under its case's own key: the referral in MongoDB, the case's Temporal payloads.
  const vault = caseVaultOf(store, config);
  const temporal = await connectTemporalClient(config, vault);

  const consumer = await startConsumer(
    bus.js,
    bus.jsm,
    { stream: 'REFERRALS', durable: 'intake-case-starter', subject: 'referral.received', handle: caseStarter(temporal, store, config.TEMPORAL_TASK_QUEUE) },
    log,
  );
  const app = createApp({ trustProxy: config.TRUST_PROXY });
  serveOpenApi(app, openApi); // public: mounted before authentication
  app.use(limitPerMinute(config.INTAKE_REQUESTS_PER_MINUTE), limitPerMinute(config.AUTH_FAILURES_PER_MINUTE, 'failed-authentication'));
  app.use(authenticateFacility(config, (facilityId) => activeFacility(store, facilityId)));
  app.use(referralRoutes(store, bus.js, auditTrail(bus.js), vault));
  const server = await listen(app, config.INTAKE_PORT, config.HTTP_HOST, log);
  log.info({ port: server.port }, 'intake listening');

  return {
    port: server.port,
    async stop() {
      await server.close();
      await consumer.stop();
      await bus.close();
      await temporal.connection.close();
      await store.close();
    },
  };
}
