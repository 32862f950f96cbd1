import express, { type Express } from 'express';
import type { Server } from 'node:http';
import { DomainError } from '@continuum/domain';
import type { Logger } from '@continuum/log';
import { errorHandler } from './errors';

/** An express app with the JSON limits and health route every service shares. Routes are added by the caller. */
export function createApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '64kb', strict: true }));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

export interface ListeningServer {
  /** The port actually bound (differs from the one asked for when that was 0). */
  port: number;
  close(): Promise<void>;
}

/** Adds the error handler last and listens; resolves once the port is bound. */
export function listen(app: Express, port: number, host: string, log: Logger): Promise<ListeningServer> {
  // A path or method no route has answers with the one error body too, not express's HTML page.
  app.use((_req, _res, next) => next(new DomainError('NOT_FOUND', 'no such route')));
  app.use(errorHandler(log));
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host, () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once('error', reject);
  });
}
