import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const DevSecrets = z.object({ PAYLOAD_KEY: z.string(), JWT_SECRET: z.string() });
export type DevSecrets = z.infer<typeof DevSecrets>;

/**
 * The payload key and token secret of a dev machine, made once and kept in the gitignored data folder
 * (mode 600), so data encrypted yesterday still decrypts today. Production passes them as environment.
 */
export function devSecrets(file: string): DevSecrets {
  if (existsSync(file)) return DevSecrets.parse(JSON.parse(readFileSync(file, 'utf8')));
  const secrets = { PAYLOAD_KEY: randomBytes(32).toString('base64'), JWT_SECRET: randomBytes(32).toString('base64url') };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
