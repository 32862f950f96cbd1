import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/*
 * Text the system keeps sealed: a facility's webhook signing secret, the reason of an audit entry. AES-256-GCM
 * under a key derived (HKDF) from the payload key for the one purpose, so a copy of the database, a stream or
 * a backup holds nothing readable. `v1.<iv>.<tag>.<ciphertext>`, base64url; the purpose is bound in as
 * associated data, so text sealed for one purpose does not open for another.
 */

const WEBHOOK_SECRET = 'continuum webhook secret v1';

function keyOf(payloadKeyBase64: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(payloadKeyBase64, 'base64'), Buffer.alloc(0), purpose, 32));
}

export function sealText(text: string, payloadKeyBase64: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(payloadKeyBase64, purpose), iv);
  cipher.setAAD(Buffer.from(purpose));
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

/** The text, or an error if it was not sealed under this key for this purpose (tampered with, or another installation's). */
export function openText(sealed: string, payloadKeyBase64: string, purpose: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not sealed text');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(payloadKeyBase64, purpose), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

export const sealSecret = (secret: string, payloadKeyBase64: string) => sealText(secret, payloadKeyBase64, WEBHOOK_SECRET);
export const openSecret = (sealed: string, payloadKeyBase64: string) => openText(sealed, payloadKeyBase64, WEBHOOK_SECRET);
