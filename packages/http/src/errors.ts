import type { ErrorRequestHandler } from 'express';
import { DomainError, type ErrorKind } from '@continuum/domain';
import type { Logger } from '@continuum/log';

/** The one place where error kinds become HTTP statuses. */
export const STATUS_OF: Record<ErrorKind, number> = {
  INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAVAILABLE: 503,
};

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof DomainError) {
      res.status(STATUS_OF[err.kind]).json({ error: err.kind, message: err.message, issues: err.issues });
      return;
    }
    // body-parser errors: malformed JSON, too large, wrong charset. Their messages hold no input.
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : undefined;
    if (status) {
      res.status(status).json({ error: status === 413 ? 'TOO_LARGE' : 'INVALID', message: String(err.type ?? 'bad request') });
      return;
    }
    log.error({ err: { message: err?.message, type: err?.name }, method: req.method, route: req.route?.path }, 'request failed');
    res.status(500).json({ error: 'INTERNAL', message: 'internal error' });
  };
}
