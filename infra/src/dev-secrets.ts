import { createHash, generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const DevSecrets = z.object({ PAYLOAD_KEY: z.string(), IDP_DEV_PASSWORD: z.string().min(16) });
export type DevSecrets = z.infer<typeof DevSecrets>;

/**
 * The payload key and the embedded identity provider's sign-in password of a dev machine, made once and
 * kept in the gitignored data folder (mode 600), so data encrypted yesterday still decrypts today.
 * Production passes the payload key as environment and has its own identity provider.
 */
export function devSecrets(file: string): DevSecrets {
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const parsed = DevSecrets.safeParse(existing);
  if (parsed.success) return parsed.data;
  // Missing, or from before the identity provider (it held a token secret, now gone): keep the payload key.
  const secrets = {
    PAYLOAD_KEY: typeof existing.PAYLOAD_KEY === 'string' ? existing.PAYLOAD_KEY : randomBytes(32).toString('base64'),
    IDP_DEV_PASSWORD: randomBytes(18).toString('base64url'),
  };
  writeSecret(file, secrets);
  return secrets;
}

/** An EC P-256 key pair as JWKs, the private one with the public one's `kid` and `alg`. */
export function newSigningKey(): { privateJwk: JsonWebKey; publicJwk: JsonWebKey } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  const kid = createHash('sha256').update(`${jwk.x}.${jwk.y}`).digest('base64url').slice(0, 16);
  const privateJwk = { ...jwk, kid, alg: 'ES256', use: 'sig' };
  const { d: _d, ...publicJwk } = privateJwk;
  return { privateJwk, publicJwk };
}

export const publicJwkOf = (privateJwk: JsonWebKey): JsonWebKey => {
  const { d: _d, ...publicJwk } = privateJwk;
  return publicJwk;
};

/**
 * The embedded identity provider's keys (its signing key and cookie keys) and, standing in for each demo
 * facility's own system, the facility's private client key. All made once per data folder, mode 600; the
 * provider's file goes to the provider only (IDP_KEYS_FILE), the facilities' to `npm run token` and the tests.
 */
export function devIdentityKeys(dir: string, facilityIds: readonly string[]): { providerKeysFile: string; facilityKeys: Record<string, JsonWebKey> } {
  const providerKeysFile = join(dir, 'identity-provider-keys.json');
  if (!existsSync(providerKeysFile)) {
    writeSecret(providerKeysFile, { signing: [newSigningKey().privateJwk], cookies: [randomBytes(32).toString('base64url')] });
  }
  const facilityKeysFile = join(dir, 'facility-client-keys.json');
  const facilityKeys = existsSync(facilityKeysFile) ? (JSON.parse(readFileSync(facilityKeysFile, 'utf8')) as Record<string, JsonWebKey>) : {};
  const missing = facilityIds.filter((id) => !facilityKeys[id]);
  for (const id of missing) facilityKeys[id] = newSigningKey().privateJwk;
  if (missing.length > 0 || !existsSync(facilityKeysFile)) writeSecret(facilityKeysFile, facilityKeys);
  return { providerKeysFile, facilityKeys };
}

/** Reads the demo facilities' private client keys of a data folder (for `npm run token` and the tests). */
export function readFacilityKeys(dir: string): Record<string, JsonWebKey> {
  const file = join(dir, 'facility-client-keys.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, JsonWebKey>) : {};
}

function writeSecret(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2), { mode: 0o600 });
}
