import type { CaseworkConfig } from '@continuum/config';
import type { Logger } from '@continuum/log';
import { authenticate, createApp, listen } from '@continuum/http';
import { connectStore } from '@continuum/store';
import { connectTemporalClient } from '@continuum/temporal';
import { taskRoutes } from './tasks.routes';

/** The casework service: the API caseworkers and supervisors work through. Every route is authenticated. */
export async function startCaseworkService(config: CaseworkConfig, log: Logger) {
  const store = await connectStore(config.MONGO_URL);
  await store.ensureIndexes();
  const temporal = await connectTemporalClient(config);

  const app = createApp();
  app.use(authenticate(config.JWT_SECRET, config.JWT_ISSUER));
  app.use(taskRoutes(store, temporal));
  const server = await listen(app, config.CASEWORK_PORT, config.HTTP_HOST, log);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.CASEWORK_PORT;
  log.info({ port }, 'casework listening');

  return {
    port,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await temporal.connection.close();
      await store.close();
    },
  };
}
