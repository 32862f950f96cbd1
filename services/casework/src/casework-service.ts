import type { CaseworkConfig } from '@continuum/config';
import type { Logger } from '@continuum/log';
import { authenticateStaff, createApp, listen, serveOpenApi } from '@continuum/http';
import { activeStaffMember, connectStore } from '@continuum/store';
import { connectTemporalClient } from '@continuum/temporal';
import { taskRoutes } from './tasks.routes';
import { caseRoutes } from './cases.routes';
import { conferenceRoutes } from './conferences.routes';
import { preferenceRoutes } from './preferences.routes';
import { buildCaseworkOpenApi } from './api';

/** The casework service: the API caseworkers and supervisors work through. Every route but GET /openapi.json is authenticated. */
export async function startCaseworkService(config: CaseworkConfig, log: Logger) {
  // Built first: a bad route table fails the start before anything connects.
  const openApi = buildCaseworkOpenApi();
  const store = await connectStore(config.MONGO_URL);
  await store.ensureIndexes();
  const temporal = await connectTemporalClient(config);

  const app = createApp();
  serveOpenApi(app, openApi); // public: mounted before authentication
  app.use(authenticateStaff(config, (staffId) => activeStaffMember(store, staffId)));
  app.use(taskRoutes(store, temporal));
  app.use(caseRoutes(store, temporal));
  app.use(conferenceRoutes(store, temporal));
  app.use(preferenceRoutes(store));
  const server = await listen(app, config.CASEWORK_PORT, config.HTTP_HOST, log);
  log.info({ port: server.port }, 'casework listening');

  return {
    port: server.port,
    async stop() {
      await server.close();
      await temporal.connection.close();
      await store.close();
    },
  };
}
