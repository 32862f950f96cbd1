import express, { type Express, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { DomainError } from '@continuum/domain';
import type { Logger } from '@continuum/log';
import { errorHandler } from './errors';

/**
 * An express app with the JSON limits, security headers and health route every service shares. Routes are
 * added by the caller. Every answer may carry personal data, so none is ever stored by a cache or a browser.
 * `trustProxy`: how many reverse proxies stand in front (their X-Forwarded-For gives the caller's address).
 */
export function createApp(opts: { trustProxy?: number } = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy ?? 0);
  app.use(helmet());
  app.use((_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  });
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

/** A 429 with the one error body, after `perMinute` requests a minute from one address (`only`: which of them count). */
export function limitPerMinute(perMinute: number, only?: 'failed-authentication'): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(only === 'failed-authentication' ? { skipSuccessfulRequests: true, requestWasSuccessful: (_req, res) => res.statusCode !== 401 } : {}),
    handler: (_req, res) => {
      res.status(429).json({
        error: 'TOO_MANY_REQUESTS',
        message: only ? 'too many failed authentications from this address; wait a minute' : 'too many requests from this address; wait a minute',
        issues: [],
      });
    },
  });
}
