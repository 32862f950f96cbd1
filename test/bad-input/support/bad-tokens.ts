import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import { FORGED_LOG_LINE } from './bad-values';

const ISSUER = 'continuum';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const sup = { sub: 'sup-spb-north', roles: ['supervisor'], districts: ['spb-nevsky', 'spb-vyborgsky'] };

/**
 * Authorization headers that must not authenticate (401), given the services' real secret: no token,
 * garbage, another secret, expired or not yet valid, another issuer or algorithm, `alg: none`, and
 * tokens signed right whose claims are not a staff member's. `undefined` sends no header at all.
 * A token beyond Node's 16 kB header limit is answered 431 by Node itself.
 */
export function badAuthorization(secret: string): fc.Arbitrary<{ header: string | undefined; what: string }> {
  const signed = (claims: object, options: jwt.SignOptions = {}, key: string = secret) => `Bearer ${jwt.sign(claims, key, { algorithm: 'HS256', issuer: ISSUER, ...options })}`;
  const fixed: Array<[string | undefined, string]> = [
    [undefined, 'no header'],
    ['', 'an empty header'],
    ['Bearer', 'no token'],
    ['Bearer ', 'an empty token'],
    [`Basic ${Buffer.from('sup-spb-north:secret').toString('base64')}`, 'basic auth'],
    ['Bearer a.b.c', 'three garbage parts'],
    [signed(sup, {}, randomBytes(32).toString('base64url')), 'another secret'],
    [signed({ ...sup, exp: now() - 60 }), 'expired'],
    [signed({ ...sup, nbf: now() + 3600 }), 'not valid yet'],
    [signed(sup, { issuer: 'someone-else' }), 'another issuer'],
    [`Bearer ${jwt.sign(sup, secret, { algorithm: 'HS512', issuer: ISSUER })}`, 'HS512'],
    [`Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...sup, iss: ISSUER })}.`, 'alg none'],
    [`Bearer ${signed(sup).slice(7, -4)}AAAA`, 'a tampered signature'],
    [signed({ ...sup, roles: ['root'] }), 'an unknown role'],
    [signed({ ...sup, roles: [] }), 'no roles'],
    [signed({ ...sup, districts: [] }), 'no districts'],
    [signed({ ...sup, sub: `x\n${FORGED_LOG_LINE}` }), 'a log-injection subject'],
    [signed({ roles: sup.roles, districts: sup.districts }), 'no subject'],
    [signed({ ...sup, districts: [{ $ne: null }] }), 'an operator as a district'],
    [`Bearer ${'a'.repeat(20_000)}`, 'a 20 kB token'],
  ];
  return fc.oneof(
    fc.constantFrom(...fixed).map(([header, what]) => ({ header, what })),
    fc.string({ maxLength: 60 }).map((s) => ({ header: `Bearer ${s.replace(/[^\x21-\x7e]/g, 'x')}`, what: 'a random token' })),
  );
}
