import type { RequestHandler, Request } from 'express';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { DomainError, type StaffClaims } from '@continuum/domain';

declare module 'express-serve-static-core' {
  interface Request {
    staff?: StaffClaims;
    facility?: FacilityPrincipal;
  }
}

/** A facility system, as the reference data knows it: its id and the districts it refers into. */
export interface FacilityPrincipal {
  id: string;
  districts: string[];
}

/** How an API checks access tokens: the provider's issuer and keys, its own audience, the claim names. */
export interface TokenSettings {
  OIDC_ISSUER: string;
  OIDC_JWKS_URL?: string | undefined;
  OIDC_AUDIENCE: string;
  OIDC_ALGORITHMS: string[];
  OIDC_MAX_TOKEN_AGE_SECONDS: number;
  OIDC_STAFF_ID_CLAIM: string;
  OIDC_CLIENT_ID_CLAIM: string;
  DIRECTORY_CACHE_SECONDS: number;
}

/**
 * Verifies a bearer access token with jose against the provider's published keys: signature by an
 * asymmetric algorithm, issuer, this API's audience, `exp`, `iat` and `sub` present, and no older than the
 * maximum age. Answers the verified claims; throws UNAUTHENTICATED with a reason that never echoes the token.
 */
function tokenVerifier(settings: TokenSettings): (token: string) => Promise<JWTPayload> {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keySet = async () => {
    if (keys) return keys;
    const url = settings.OIDC_JWKS_URL ?? (await discoverJwksUri(settings.OIDC_ISSUER));
    keys = createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    return keys;
  };
  return async (token) => {
    let jwks: Awaited<ReturnType<typeof keySet>>;
    try {
      jwks = await keySet();
    } catch {
      throw new DomainError('UNAVAILABLE', 'the identity provider cannot be reached to verify the token');
    }
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: settings.OIDC_ISSUER,
        audience: settings.OIDC_AUDIENCE,
        algorithms: settings.OIDC_ALGORITHMS,
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: settings.OIDC_MAX_TOKEN_AGE_SECONDS,
        clockTolerance: 5,
      });
      return payload;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_JWKS_TIMEOUT') throw new DomainError('UNAVAILABLE', 'the identity provider cannot be reached to verify the token');
      throw new DomainError('UNAUTHENTICATED', code === 'ERR_JWT_EXPIRED' ? 'token expired' : 'token is invalid');
    }
  };
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`discovery answered ${res.status}`);
  const doc = (await res.json()) as { jwks_uri?: unknown; issuer?: unknown };
  if (doc.issuer !== issuer || typeof doc.jwks_uri !== 'string') throw new Error('discovery document does not match the issuer');
  return doc.jwks_uri;
}

function bearerOf(req: Request): string {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer [A-Za-z0-9._~+/-]+=*$/.test(header) ? header.slice(7) : '';
  if (!token) throw new DomainError('UNAUTHENTICATED', 'a bearer token is required');
  return token;
}

const claimOf = (payload: JWTPayload, name: string): string | undefined => {
  const value = payload[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};

/**
 * Staff APIs: the token names a person (not a client acting for itself), and that person must be an active
 * member of the staff directory; her roles, districts and discipline are the directory's, read for every
 * request (cached for DIRECTORY_CACHE_SECONDS), whatever the token says.
 */
export function authenticateStaff(settings: TokenSettings, directory: (staffId: string) => Promise<StaffClaims | null>): RequestHandler {
  const verify = tokenVerifier(settings);
  const cache = directoryCache(directory, settings.DIRECTORY_CACHE_SECONDS);
  // Express 5 passes a rejected promise to the error handler.
  return async (req, _res, next) => {
    const payload = await verify(bearerOf(req));
    const staffId = claimOf(payload, settings.OIDC_STAFF_ID_CLAIM);
    // A client-credentials token (a facility system) names the client as its subject: not a person.
    if (!staffId || payload.sub === claimOf(payload, settings.OIDC_CLIENT_ID_CLAIM))
      throw new DomainError('UNAUTHENTICATED', 'the token does not name a staff member');
    const staff = await cache(staffId);
    if (!staff) throw new DomainError('UNAUTHENTICATED', 'not an active member of the staff directory');
    req.staff = staff;
    next();
  };
}

/**
 * Facility systems (OAuth2 client credentials): the facility is the token's client, never anything in the
 * body, and must be a facility of the reference data.
 */
export function authenticateFacility(settings: TokenSettings, registry: (facilityId: string) => Promise<FacilityPrincipal | null>): RequestHandler {
  const verify = tokenVerifier(settings);
  const cache = directoryCache(registry, settings.DIRECTORY_CACHE_SECONDS);
  return async (req, _res, next) => {
    const payload = await verify(bearerOf(req));
    const clientId = claimOf(payload, settings.OIDC_CLIENT_ID_CLAIM);
    if (!clientId) throw new DomainError('UNAUTHENTICATED', 'the token does not name a client');
    const facility = await cache(clientId);
    if (!facility) throw new DomainError('UNAUTHENTICATED', 'not a facility of the reference data');
    req.facility = facility;
    next();
  };
}

/** A short-lived cache of directory answers, absent ones included, so a flood of bad tokens does not reach MongoDB each time. */
function directoryCache<T extends object>(lookup: (id: string) => Promise<T | null>, seconds: number): (id: string) => Promise<T | null> {
  if (seconds === 0) return lookup;
  const cache = new LRUCache<string, { value: T | null }>({ max: 10_000, ttl: seconds * 1000 });
  return async (id) => {
    const hit = cache.get(id);
    if (hit) return hit.value;
    const value = await lookup(id);
    cache.set(id, { value });
    return value;
  };
}

export function staffOf(req: Request): StaffClaims {
  if (!req.staff) throw new DomainError('UNAUTHENTICATED', 'a bearer token is required');
  return req.staff;
}

export function facilityOf(req: Request): FacilityPrincipal {
  if (!req.facility) throw new DomainError('UNAUTHENTICATED', 'a bearer token is required');
  return req.facility;
}
