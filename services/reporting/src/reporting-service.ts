import type { ReportingConfig } from '@continuum/config';
import type { Logger } from '@continuum/log';
import { authenticate, createApp, listen } from '@continuum/http';
import { connectStore } from '@continuum/store';

/** The reporting service: projections of the case events and the programmes' indicators. (Scaffold.) */
export async function startReportingService(config: ReportingConfig, log: Logger) {
  const store = await connectStore(config.MONGO_URL);
  await store.ensureIndexes();
  const app = createApp();
  app.use(authenticate(config.JWT_SECRET, config.JWT_ISSUER));
  const server = await listen(app, config.REPORTING_PORT, config.HTTP_HOST, log);
  log.info({ port: server.port }, 'reporting listening');
  return {
    port: server.port,
    async stop() {
      await server.close();
      await store.close();
    },
  };
}
