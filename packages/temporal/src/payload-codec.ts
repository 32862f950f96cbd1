import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
/** What a refused payload decodes to: Temporal's null payload (the value `undefined`), marked with the reason. */
const NULL_ENCODING = 'binary/null';
export const REFUSED = 'continuum-refused';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Encrypts every Temporal payload (inputs, results, signals, updates, failures' details) with AES-256-GCM
 * before it leaves the process, so the Temporal server, its database and the Web UI hold ciphertext only.
 * Keys are named by id, so a key can be rotated: new payloads use the current key, old ones keep decoding.
 *
 * It decodes only what it encrypted: a payload in clear, under an unknown key or tampered with (a signal or
 * update sent straight to Temporal without the key) decodes to nothing (`undefined`), never to its content,
 * and never throws, so a forged message changes nothing and cannot stall the workflow it was sent to.
 * `onRefused` is told why (the worker logs it).
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly currentKeyId: string,
    private readonly onRefused: (reason: string) => void = () => undefined,
  ) {
    for (const [id, key] of keys) if (key.length !== 32) throw new Error(`payload key ${id} must be 32 bytes`);
    if (!keys.has(currentKeyId)) throw new Error(`no payload key with id ${currentKeyId}`);
  }

  static fromBase64(keyBase64: string, keyId: string, onRefused?: (reason: string) => void): AesGcmPayloadCodec {
    return new AesGcmPayloadCodec(new Map([[keyId, Buffer.from(keyBase64, 'base64')]]), keyId, onRefused);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.currentKeyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: encoder.encode(ENCODING), [KEY_ID]: encoder.encode(this.currentKeyId) },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      try {
        return this.open(payload);
      } catch (err) {
        const reason = (err as Error).message;
        this.onRefused(reason);
        return { metadata: { [METADATA_ENCODING_KEY]: encoder.encode(NULL_ENCODING), [REFUSED]: encoder.encode(reason) } };
      }
    });
  }

  private open(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || decoder.decode(encoding) !== ENCODING) throw new Error('payload not encrypted by this system');
    const keyIdBytes = payload.metadata?.[KEY_ID];
    const keyId = keyIdBytes ? decoder.decode(keyIdBytes) : '';
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`payload encrypted with unknown key id "${keyId.slice(0, 32)}"`);
    const sealed = Buffer.from(payload.data ?? new Uint8Array());
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('payload too short to be encrypted');
    const iv = sealed.subarray(0, IV_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new Error('payload failed authentication (tampered, or another key)');
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}
