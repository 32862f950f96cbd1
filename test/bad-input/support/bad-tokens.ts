import { createHmac, randomBytes, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { importJWK, SignJWT, type JWTPayload } from 'jose';
import { newSigningKey } from '../../../infra/src/dev-secrets';
import { FORGED_LOG_LINE } from './bad-values';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** What it takes to forge tokens: the provider's own signing key (from the test run), its issuer, the API's audience. */
export interface TokenForge {
  issuer: string;
  audience: string;
  /** Whom the API serves: staff (casework, reporting) or facility systems (intake). */
  kind: 'staff' | 'facility';
  /** A staff member the directory has, and a facility (a client-credentials subject). */
  staffId: string;
  facilityId: string;
  providerKey: JsonWebKey;
}

export function tokenForge(system: { identityUrl: string; identityDir: string }, audience: string, kind: TokenForge['kind'] = 'staff'): TokenForge {
  const keys = JSON.parse(readFileSync(join(system.identityDir, 'identity-provider-keys.json'), 'utf8')) as { signing: JsonWebKey[] };
  return { issuer: system.identityUrl, audience, kind, staffId: 'sup-spb-north', facilityId: 'spb-maternity-16', providerKey: keys.signing[0]! };
}

async function sign(key: JsonWebKey, claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: String(key.kid), typ: 'at+jwt', ...header });
  return jwt.sign(await importJWK(key as Parameters<typeof importJWK>[0], 'ES256'));
}

/**
 * Authorization headers that must not authenticate (401): no token, garbage, a symmetric or `none`
 * algorithm, another key under the provider's key id, and tokens signed with the provider's own key whose
 * claims are wrong (expired, not yet valid, too old, another issuer or audience, no subject, a subject the
 * directory does not have, a facility's client token at a staff API). `undefined` sends no header at all.
 * A token beyond Node's 16 kB header limit is answered 431 by Node itself.
 */
export async function badAuthorization(forge: TokenForge): Promise<fc.Arbitrary<{ header: string | undefined; what: string }>> {
  const staff = { sub: forge.staffId, client_id: 'continuum-cli' };
  const facility = { sub: forge.facilityId, client_id: forge.facilityId };
  const good: JWTPayload = { iss: forge.issuer, aud: forge.audience, ...(forge.kind === 'staff' ? staff : facility), iat: now(), exp: now() + 600, jti: 'x' };
  const signed = async (claims: JWTPayload, header: Record<string, unknown> = {}, key = forge.providerKey) => `Bearer ${await sign(key, claims, header)}`;
  const withoutClaim = (name: string) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== name));
  const hs256 = (() => {
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(good)}`;
    return `Bearer ${input}.${createHmac('sha256', randomBytes(32)).update(input).digest('base64url')}`;
  })();
  const fixed: Array<[string | undefined, string]> = [
    [undefined, 'no header'],
    ['', 'an empty header'],
    ['Bearer', 'no token'],
    ['Bearer ', 'an empty token'],
    [`Basic ${Buffer.from('sup-spb-north:secret').toString('base64')}`, 'basic auth'],
    ['Bearer a.b.c', 'three garbage parts'],
    [hs256, 'HS256 with a secret of its own'],
    [`Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(good)}.`, 'alg none'],
    [await signed(good, {}, { ...newSigningKey().privateJwk, kid: forge.providerKey.kid }), "another key under the provider's key id"],
    [await signed({ ...good, exp: now() - 60 }), 'expired'],
    [await signed({ ...good, nbf: now() + 3600 }), 'not valid yet'],
    [await signed({ ...good, iat: now() - 20 * 60, exp: now() + 600 }), 'issued 20 minutes ago'],
    [await signed({ ...good, iss: 'https://someone-else.example' }), 'another issuer'],
    [await signed({ ...good, aud: 'urn:continuum:elsewhere' }), 'another audience'],
    [await signed(withoutClaim('sub')), 'no subject'],
    [await signed(withoutClaim('exp')), 'no expiry'],
    [await signed(withoutClaim('iat')), 'no issued-at'],
    [
      await signed({ ...good, sub: 'nobody-known', client_id: forge.kind === 'staff' ? 'continuum-cli' : 'nobody-known' }),
      'a subject the directory does not have',
    ],
    [
      await signed({ ...good, sub: `x\n${FORGED_LOG_LINE}`, client_id: forge.kind === 'staff' ? 'continuum-cli' : `x\n${FORGED_LOG_LINE}` }),
      'a log-injection subject',
    ],
    [
      await signed({ ...good, ...(forge.kind === 'staff' ? facility : staff) }),
      forge.kind === 'staff' ? "a facility's client-credentials token" : "a staff member's token",
    ],
    [`Bearer ${(await signed(good)).slice(7, -4)}AAAA`, 'a tampered signature'],
    [`Bearer ${'a'.repeat(20_000)}`, 'a 20 kB token'],
  ];
  return fc.oneof(
    fc.constantFrom(...fixed).map(([header, what]) => ({ header, what })),
    fc.string({ maxLength: 60 }).map((s) => ({ header: `Bearer ${s.replace(/[^\x21-\x7e]/g, 'x')}`, what: 'a random token' })),
  );
}
