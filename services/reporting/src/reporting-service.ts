import type { ReportingConfig } from '@continuum/config';
import { mongoTls, natsTls } from '@continuum/config';
import type { Logger } from '@continuum/log';
import { connectBus } from '@continuum/bus';
import { authenticateStaff, createApp, limitPerMinute, listen, serveOpenApi } from '@continuum/http';
import { activeStaffMember, connectStore } from '@continuum/store';
import { buildReportingOpenApi } from './api';
import { createSummarizer } from './case-summaries';
import { startCellKeeper } from './cell-store';
import { startProjectionConsumers } from './consumers';
import { indicatorRoutes } from './indicators.routes';
import { createProjector } from './projector';
import { reportRoutes } from './reports.routes';

/**
 * The reporting service: projects the case events into facts (two durable consumers) folded into one
 * summary per case and into indicator cells, and serves the programmes' indicators and the quarterly
 * coordination report from them. Every route but
 * GET /openapi.json is authenticated.
 */
export async function startReportingService(config: ReportingConfig, log: Logger) {
  // Built first: a bad route table fails the start before anything connects.
  const openApi = buildReportingOpenApi();
  const store = await connectStore(config.MONGO_URL, mongoTls(config));
  await store.ensureIndexes();
  const bus = await connectBus(config.NATS_URL, 'reporting', config.NATS_STREAM_REPLICAS, natsTls(config));
  const summarizer = createSummarizer(store, log);
  const cellKeeper = startCellKeeper(store, log);
  const consumers = await startProjectionConsumers(bus, createProjector(store), summarizer, log);

  const app = createApp({ trustProxy: config.TRUST_PROXY });
  serveOpenApi(app, openApi); // public: mounted before authentication
  app.use(limitPerMinute(config.AUTH_FAILURES_PER_MINUTE, 'failed-authentication'));
  app.use(authenticateStaff(config, (staffId) => activeStaffMember(store, staffId)));
  app.use(indicatorRoutes(store, config.SUPPRESS_BELOW));
  app.use(reportRoutes(store, config.SUPPRESS_BELOW));
  const server = await listen(app, config.REPORTING_PORT, config.HTTP_HOST, log);
  log.info({ port: server.port, suppressBelow: config.SUPPRESS_BELOW }, 'reporting listening');

  return {
    port: server.port,
    async stop() {
      await server.close();
      for (const consumer of consumers) await consumer.stop();
      await summarizer.stop();
      cellKeeper.stop();
      await bus.close();
      await store.close();
    },
  };
}
