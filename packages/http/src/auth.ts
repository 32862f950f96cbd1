import type { RequestHandler, Request } from 'express';
import jwt from 'jsonwebtoken';
import { DomainError, StaffClaims } from '@continuum/domain';

declare module 'express-serve-static-core' {
  interface Request {
    staff?: StaffClaims;
  }
}

/** Verifies the bearer token (HS256, issuer checked) and puts the staff member's claims on the request. */
export function authenticate(secret: string, issuer: string): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token) return next(new DomainError('UNAUTHENTICATED', 'a bearer token is required'));
    try {
      const payload = jwt.verify(token, secret, { algorithms: ['HS256'], issuer });
      const claims = StaffClaims.safeParse(payload);
      if (!claims.success) return next(new DomainError('UNAUTHENTICATED', 'token claims are incomplete'));
      req.staff = claims.data;
      next();
    } catch {
      next(new DomainError('UNAUTHENTICATED', 'token is invalid or expired'));
    }
  };
}

export function staffOf(req: Request): StaffClaims {
  if (!req.staff) throw new DomainError('UNAUTHENTICATED', 'a bearer token is required');
  return req.staff;
}

/** Mints a staff token; used by the `npm run token` command and by tests. */
export function mintStaffToken(claims: StaffClaims, secret: string, issuer: string, expiresInSeconds = 8 * 3600): string {
  return jwt.sign(StaffClaims.parse(claims), secret, { algorithm: 'HS256', issuer, expiresIn: expiresInSeconds });
}
