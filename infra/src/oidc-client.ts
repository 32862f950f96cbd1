import { createHash, randomBytes, randomUUID, type JsonWebKey } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';

/**
 * Gets access tokens from an OpenID provider the way its clients do: a staff member signs in through the
 * authorization code flow with PKCE (the CLI fills in the provider's sign-in form, as a browser would), and a
 * facility system uses client credentials with a client assertion signed by its own key (`private_key_jwt`).
 * Used by `npm run token`, the test harness and the benchmarks.
 */
export interface AccessToken {
  accessToken: string;
  expiresIn: number;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

const discoveries = new Map<string, Promise<Discovery>>();
function discover(issuer: string): Promise<Discovery> {
  let found = discoveries.get(issuer);
  if (!found) {
    found = (async () => {
      const res = await fetch(`${issuer}/.well-known/openid-configuration`);
      if (!res.ok) throw new Error(`the identity provider at ${issuer} answered ${res.status} to discovery`);
      return (await res.json()) as Discovery;
    })();
    found.catch(() => discoveries.delete(issuer));
    discoveries.set(issuer, found);
  }
  return found;
}

export const STAFF_CLI_CLIENT = { clientId: 'continuum-cli', redirectUri: 'http://127.0.0.1/callback' };

/** Signs a staff member in (authorization code + PKCE) and answers an access token for one API. */
export async function staffAccessToken(opts: { issuer: string; staffId: string; password: string; audience: string }): Promise<AccessToken> {
  const { authorization_endpoint, token_endpoint } = await discover(opts.issuer);
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const jar = new CookieJar();
  const authorize = new URL(authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: STAFF_CLI_CLIENT.clientId,
    response_type: 'code',
    redirect_uri: STAFF_CLI_CLIENT.redirectUri,
    scope: 'openid',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    resource: opts.audience,
  }).toString();

  // authorization endpoint → sign-in page → resume → the redirect with the code
  let location = await jar.follow(authorize.href);
  const interaction = /\/interaction\/([^/?#]+)/.exec(location)?.[1];
  if (!interaction) throw new Error(`the identity provider did not ask for a sign-in (went to ${location})`);
  const login = await jar.fetch(new URL(`/interaction/${interaction}/login`, opts.issuer).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: opts.staffId, password: opts.password }).toString(),
  });
  if (login.status === 401) throw new Error(`sign-in refused for ${opts.staffId}: unknown staff id, deactivated, or wrong password`);
  if (login.status === 429) throw new Error('too many failed sign-ins from this address; wait a minute');
  location = login.headers.get('location') ?? '';
  if (!location) throw new Error(`sign-in answered ${login.status}`);
  location = await jar.follow(new URL(location, opts.issuer).href);
  const back = new URL(location, opts.issuer);
  const code = back.searchParams.get('code');
  if (!code || back.searchParams.get('state') !== state) {
    throw new Error(`no authorization code came back (${back.searchParams.get('error') ?? 'no error'}: ${back.searchParams.get('error_description') ?? ''})`);
  }
  return tokenRequest(token_endpoint, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: STAFF_CLI_CLIENT.redirectUri,
    client_id: STAFF_CLI_CLIENT.clientId,
    code_verifier: verifier,
    resource: opts.audience,
  });
}

/** A facility system's token for one API: client credentials, authenticated by a JWT signed with its own key. */
export async function facilityAccessToken(opts: { issuer: string; facilityId: string; privateJwk: JsonWebKey; audience: string }): Promise<AccessToken> {
  const { token_endpoint } = await discover(opts.issuer);
  const key = await importJWK(opts.privateJwk as Parameters<typeof importJWK>[0], 'ES256');
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', ...(opts.privateJwk.kid ? { kid: String(opts.privateJwk.kid) } : {}) })
    .setIssuer(opts.facilityId)
    .setSubject(opts.facilityId)
    .setAudience(opts.issuer)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key);
  return tokenRequest(token_endpoint, {
    grant_type: 'client_credentials',
    client_id: opts.facilityId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    resource: opts.audience,
  });
}

async function tokenRequest(endpoint: string, form: Record<string, string>): Promise<AccessToken> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
  if (!res.ok || !body.access_token) throw new Error(`the token endpoint refused: ${body.error ?? res.status} ${body.error_description ?? ''}`.trim());
  return { accessToken: body.access_token, expiresIn: body.expires_in ?? 0 };
}

/** Just enough of a browser's cookie handling for the provider's own cookies on one origin. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    return res;
  }

  /** Follows the provider's redirects until one leaves it (the sign-in page, or the client's redirect URI). */
  async follow(url: string): Promise<string> {
    let current = url;
    for (let hop = 0; hop < 10; hop++) {
      const res = await this.fetch(current);
      const location = res.headers.get('location');
      if (!location) {
        const text = await res.text();
        throw new Error(`the identity provider answered ${res.status} at ${new URL(current).pathname}: ${text.slice(0, 200)}`);
      }
      const next = new URL(location, current);
      if (next.pathname.startsWith('/interaction/') || next.href.startsWith(STAFF_CLI_CLIENT.redirectUri)) return next.href;
      current = next.href;
    }
    throw new Error('too many redirects from the identity provider');
  }
}
