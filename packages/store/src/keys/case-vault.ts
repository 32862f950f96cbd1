import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { replaceFreeText } from '@continuum/domain';
import type { Store } from '../connect';
import { Keyring } from './keyring';

/** Sealed under a case's data key: `c1.<iv>.<tag>.<ciphertext>`, base64url, with the case id bound in. */
const FORMAT = 'c1';
/** A string sealed by `seal`: the format, a 12-byte iv and a 16-byte tag, and the ciphertext. */
const SEALED = /^c1\.[\w-]{16}\.[\w-]{22}\.[\w-]*$/;

/** Thrown when sealing for a family whose data was erased: nothing new is kept for it. */
export class FamilyErased extends Error {
  override readonly name = 'FamilyErased';
}

/**
 * Each case's personal data sealed under the case's own data key (envelope encryption: the data key is kept
 * wrapped by the keyring's current master key, `caseKeys`). Erasing a family deletes its wrapped key, so every
 * copy of what was sealed under it becomes unreadable at once, wherever it is kept. Unwrapped keys are kept in
 * memory for `cacheMs` (a minute by default): another instance stops opening an erased family's data within it.
 */
export function caseVault(store: Store, keyring: Keyring, opts: { cacheMs?: number } = {}) {
  return vaultOf(store, keyring, opts.cacheMs ?? 60_000);
}

/** The vault of a service's configuration (its keyring, and how long it keeps an unwrapped key). */
export const caseVaultOf = (
  store: Store,
  config: { PAYLOAD_KEY: string; PAYLOAD_KEY_ID: string; PAYLOAD_KEYS_EARLIER?: string; CASE_KEY_CACHE_SECONDS?: number },
) => caseVault(store, Keyring.of(config), { cacheMs: (config.CASE_KEY_CACHE_SECONDS ?? 60) * 1000 });

function vaultOf(store: Store, keyring: Keyring, cacheMs: number) {
  const cache = new Map<string, { key: Buffer; until: number }>();

  async function keyOf(caseId: string, create: boolean): Promise<Buffer | null> {
    const hit = cache.get(caseId);
    if (hit && hit.until > Date.now()) return hit.key;
    let doc = await store.caseKeys.findById(caseId).lean();
    if (!doc && create) {
      const { kekId, wrapped } = keyring.wrap(randomBytes(32));
      // Two services making the first key at once: the unique id keeps one, and both read it.
      await store.caseKeys.create({ _id: caseId, kekId, wrapped, createdAt: new Date() }).catch((err: { code?: number }) => {
        if (err?.code !== 11000) throw err;
      });
      doc = await store.caseKeys.findById(caseId).lean();
    }
    if (!doc?.wrapped || !doc.kekId) return null;
    const key = keyring.unwrap(doc.kekId, doc.wrapped);
    if (cache.size >= 10_000) cache.delete(cache.keys().next().value!);
    cache.set(caseId, { key, until: Date.now() + cacheMs });
    return key;
  }

  /** The value, or null when the family's data was erased. Throws on text not sealed for this case. */
  async function open<T = unknown>(caseId: string, sealed: string): Promise<T | null> {
    const [format, iv, tag, data] = sealed.split('.');
    if (format !== FORMAT || !iv || !tag || data === undefined) throw new Error('not sealed under a case key');
    const key = await keyOf(caseId, false);
    if (!key) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(caseId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return JSON.parse(Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')) as T;
  }

  /** The value (as JSON) sealed under the case's key, made on first use. Throws FamilyErased after an erasure. */
  async function seal(caseId: string, value: unknown): Promise<string> {
    const key = await keyOf(caseId, true);
    if (!key) throw new FamilyErased(`the data of ${caseId} was erased: nothing more is kept for it`);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(caseId));
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  return {
    seal,
    /** What staff wrote in their own words, sealed under the case's key; null when nothing was written. */
    sealSaid: async (caseId: string, text: string | null | undefined): Promise<string | null> => (text ? seal(caseId, text) : null),
    /** The case's data key itself, for a codec that seals with it (Temporal's payloads); null once erased. */
    keyFor: keyOf,
    open,

    /** The value with every free text in it (by its schema: what is not a code) sealed under the case's key. */
    sealWithin<T>(caseId: string, schema: z.ZodType, value: T): Promise<T> {
      return replaceFreeText(schema, value, (text) => seal(caseId, text)) as Promise<T>;
    },

    /**
     * The value with each string in it that was sealed under this case's key opened (null where the family was
     * erased): a record whose free text was sealed field by field reads as it was written.
     */
    async openWithin<T>(caseId: string, value: T): Promise<T> {
      const walk = async (v: unknown): Promise<unknown> => {
        if (typeof v === 'string') return SEALED.test(v) ? open(caseId, v) : v;
        if (Array.isArray(v)) return Promise.all(v.map(walk));
        if (v && typeof v === 'object' && !(v instanceof Date)) {
          return Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await walk(x)])));
        }
        return v;
      };
      return (await walk(value)) as T;
    },

    /** Deletes the case's data key: what was sealed under it can no longer be opened, anywhere. */
    async erase(caseId: string): Promise<void> {
      await store.caseKeys.updateOne(
        { _id: caseId },
        { $set: { kekId: null, wrapped: null, erasedAt: new Date() }, $setOnInsert: { createdAt: new Date() } },
        { upsert: true },
      );
      cache.delete(caseId);
    },

    /** Wraps every data key under the current master key (after a rotation); answers how many it wrapped again. */
    async rewrap(onProgress: (done: number) => void = () => undefined): Promise<number> {
      let done = 0;
      for await (const doc of store.caseKeys
        .find({ wrapped: { $ne: null }, kekId: { $ne: keyring.currentId } })
        .lean()
        .cursor()) {
        const { kekId, wrapped } = keyring.wrap(keyring.unwrap(doc.kekId!, doc.wrapped!));
        // Only if it is still the key read: an erasure meanwhile stays an erasure.
        await store.caseKeys.updateOne({ _id: doc._id, wrapped: doc.wrapped }, { $set: { kekId, wrapped } });
        if (++done % 500 === 0) onProgress(done);
      }
      onProgress(done);
      return done;
    },
  };
}
export type CaseVault = ReturnType<typeof caseVault>;
