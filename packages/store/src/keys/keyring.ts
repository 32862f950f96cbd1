import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The master keys (key-encryption keys), by id, and the one that wraps new data keys. A master key rotates by
 * adding a new one and making it current: data keys wrapped by an older one still unwrap, and
 * `npm run -s keys -- rewrap` wraps them all again under the current one, after which the old one may go.
 */
export class Keyring {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    readonly currentId: string,
  ) {
    if (!keys.has(currentId)) throw new Error(`no master key with id ${currentId}`);
  }

  /**
   * From the configuration: the current key (PAYLOAD_KEY, PAYLOAD_KEY_ID) and the earlier ones still kept
   * (`id:base64,id:base64`), which unwrap but never wrap. Each wraps with a key derived from it for this one
   * purpose, so a master key's use for Temporal payloads and for the cases' data keys never meet.
   */
  static from(current: { key: string; id: string }, earlier = ''): Keyring {
    const derived = (base64: string) => {
      const raw = Buffer.from(base64, 'base64');
      if (raw.length !== 32) throw new Error('a master key must be 32 bytes');
      return Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), 'continuum case data keys v1', 32));
    };
    const keys = new Map<string, Buffer>();
    for (const entry of earlier
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const at = entry.indexOf(':');
      if (at <= 0) throw new Error('earlier master keys are given as id:base64, comma-separated');
      keys.set(entry.slice(0, at), derived(entry.slice(at + 1)));
    }
    keys.set(current.id, derived(current.key));
    return new Keyring(keys, current.id);
  }

  /** The keyring of a service's configuration. */
  static of(config: { PAYLOAD_KEY: string; PAYLOAD_KEY_ID: string; PAYLOAD_KEYS_EARLIER?: string }): Keyring {
    return Keyring.from({ key: config.PAYLOAD_KEY, id: config.PAYLOAD_KEY_ID }, config.PAYLOAD_KEYS_EARLIER ?? '');
  }

  /** A data key wrapped under the current master key (AES-256-GCM, the master key's id bound in). */
  wrap(dataKey: Buffer): { kekId: string; wrapped: string } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId)!, iv);
    cipher.setAAD(Buffer.from(this.currentId));
    const sealed = Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
    return { kekId: this.currentId, wrapped: sealed.toString('base64') };
  }

  /** The data key, or an error naming why not (a master key no longer kept, or a wrapped key tampered with). */
  unwrap(kekId: string, wrapped: string): Buffer {
    const key = this.keys.get(kekId);
    if (!key) throw new Error(`the master key ${kekId} is not in the keyring`);
    const sealed = Buffer.from(wrapped, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(kekId));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  }
}
