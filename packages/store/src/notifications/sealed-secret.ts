import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/*
 * Secrets the system keeps for others (a facility's webhook signing secret) are stored sealed: AES-256-GCM
 * under a key derived (HKDF) from the payload key, so a copy of the database or of a backup holds no usable
 * secret. `v1.<iv>.<tag>.<ciphertext>`, base64url; the purpose is bound in as associated data.
 */

const PURPOSE = 'continuum webhook secret v1';

function keyOf(payloadKeyBase64: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(payloadKeyBase64, 'base64'), Buffer.alloc(0), PURPOSE, 32));
}

export function sealSecret(secret: string, payloadKeyBase64: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(payloadKeyBase64), iv);
  cipher.setAAD(Buffer.from(PURPOSE));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

/** The secret, or an error if it was not sealed under this key (tampered with, or another installation's). */
export function openSecret(sealed: string, payloadKeyBase64: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(payloadKeyBase64), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(PURPOSE));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
