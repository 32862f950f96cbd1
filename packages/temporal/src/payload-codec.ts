import { AsyncLocalStorage } from 'node:async_hooks';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { INSTALLATION_SEALED } from '@continuum/domain/rules';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
/** What a refused payload decodes to: Temporal's null payload (the value `undefined`), marked with the reason. */
const NULL_ENCODING = 'binary/null';
export const REFUSED = 'continuum-refused';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** A case's id, and the ids made from its digits (its tasks', its conferences'), as they appear in a payload. */
const CASE_DIGITS = /\b(?:case|task|conf)-([0-9a-f]{20})\b/g;
const CASE_ID = /^case-[0-9a-f]{20}$/;

/** Where the codec finds each case's data key (the case vault): null once the family's data was erased. */
export interface CaseKeys {
  keyFor(caseId: string, create: boolean): Promise<Buffer | null>;
}

const caseOfCall = new AsyncLocalStorage<string>();
/**
 * Runs `work` (a signal or an Update sent to a case's or a conference's workflow) with its payloads sealed under
 * that case's key, whatever they hold: a reason or a note sent without any id is the case's all the same.
 */
export const forCase = <T>(caseId: string, work: () => Promise<T>): Promise<T> => caseOfCall.run(caseId, work);

/** A payload that must stay under the installation's key though it names one case (the domain's INSTALLATION_SEALED). */
const INSTALLATION_MARK = JSON.stringify(INSTALLATION_SEALED).slice(1, -1);

/**
 * The case a payload is about: the one its call was made for (forCase), else the one case whose id (or a task's
 * or a conference's, which carry its digits) the payload names. None, or several, or INSTALLATION_SEALED: the
 * installation's key.
 */
function caseOf(payload: Payload): string | null {
  const hinted = caseOfCall.getStore();
  if (hinted) return hinted;
  if (!payload.data || payload.data.length > 1_000_000) return null;
  // (Copied: a payload made in the workflow sandbox holds an array of another realm, which TextDecoder refuses.)
  const text = Buffer.from(payload.data).toString('utf8');
  if (text.includes(INSTALLATION_MARK)) return null;
  const digits = new Set<string>();
  for (const match of text.matchAll(CASE_DIGITS)) digits.add(match[1]!);
  return digits.size === 1 ? `case-${[...digits][0]}` : null;
}

/** The key a case's payloads are sealed with: derived from its data key for this one use. */
const payloadKeyOf = (dataKey: Buffer) => Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'continuum temporal payloads v1', 32));

/**
 * Encrypts every Temporal payload (inputs, results, signals, updates, failures' details) with AES-256-GCM
 * before it leaves the process, so the Temporal server, its database and the Web UI hold ciphertext only.
 * Keys are named by id, so a key can be rotated: new payloads use the current key, old ones keep decoding.
 *
 * It decodes only what it encrypted: a payload in clear, under an unknown key or tampered with (a signal or
 * update sent straight to Temporal without the key) decodes to nothing (`undefined`), never to its content,
 * and never throws, so a forged message changes nothing and cannot stall the workflow it was sent to.
 * `onRefused` is told why (the worker logs it).
 *
 * With `caseKeys`, a payload about one case is sealed under that case's own key (its id is the key id): erasing
 * the family deletes the key, and its payloads in every history, running or closed, and in every backup of
 * Temporal's database decode to nothing from then on. A payload about no single case uses the installation key.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly currentKeyId: string,
    private readonly onRefused: (reason: string) => void = () => undefined,
    private readonly caseKeys?: CaseKeys,
  ) {
    for (const [id, key] of keys) if (key.length !== 32) throw new Error(`payload key ${id} must be 32 bytes`);
    if (!keys.has(currentKeyId)) throw new Error(`no payload key with id ${currentKeyId}`);
  }

  static fromBase64(keyBase64: string, keyId: string, onRefused?: (reason: string) => void): AesGcmPayloadCodec {
    return new AesGcmPayloadCodec(new Map([[keyId, Buffer.from(keyBase64, 'base64')]]), keyId, onRefused);
  }

  /**
   * From the configuration: the current key (PAYLOAD_KEY, PAYLOAD_KEY_ID), the earlier ones still kept
   * (PAYLOAD_KEYS_EARLIER, `id:base64,…`: they decode, never encode), and the cases' keys where given.
   */
  static of(
    config: { PAYLOAD_KEY: string; PAYLOAD_KEY_ID: string; PAYLOAD_KEYS_EARLIER?: string | undefined },
    opts: { onRefused?: (reason: string) => void; caseKeys?: CaseKeys | undefined } = {},
  ): AesGcmPayloadCodec {
    const keys = new Map<string, Buffer>();
    for (const entry of (config.PAYLOAD_KEYS_EARLIER ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const at = entry.indexOf(':');
      if (at <= 0) throw new Error('earlier payload keys are given as id:base64, comma-separated');
      keys.set(entry.slice(0, at), Buffer.from(entry.slice(at + 1), 'base64'));
    }
    keys.set(config.PAYLOAD_KEY_ID, Buffer.from(config.PAYLOAD_KEY, 'base64'));
    return new AesGcmPayloadCodec(keys, config.PAYLOAD_KEY_ID, opts.onRefused, opts.caseKeys);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyOf = this.caseKeyLookup(true);
    return Promise.all(
      payloads.map(async (payload) => {
        const caseId = this.caseKeys ? caseOf(payload) : null;
        const dataKey = caseId ? await keyOf(caseId) : null;
        // Nothing new is kept for an erased family: its workflows were ended with the erasure.
        if (caseId && !dataKey) throw new Error(`the data of ${caseId} was erased: nothing more is kept for it`);
        const [keyId, key] = caseId ? [caseId, dataKey!] : [this.currentKeyId, this.keys.get(this.currentKeyId)!];
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        if (caseId) cipher.setAAD(encoder.encode(caseId));
        const plain = temporal.api.common.v1.Payload.encode(payload).finish();
        const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
        return {
          metadata: { [METADATA_ENCODING_KEY]: encoder.encode(ENCODING), [KEY_ID]: encoder.encode(keyId) },
          data: sealed,
        };
      }),
    );
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    const keyOf = this.caseKeyLookup(false);
    return Promise.all(
      payloads.map(async (payload) => {
        try {
          return await this.open(payload, keyOf);
        } catch (err) {
          const reason = (err as Error).message;
          this.onRefused(reason);
          return { metadata: { [METADATA_ENCODING_KEY]: encoder.encode(NULL_ENCODING), [REFUSED]: encoder.encode(reason) } };
        }
      }),
    );
  }

  /** Each case's payload key, looked up once per batch of payloads (a history holds many of one case). */
  private caseKeyLookup(create: boolean): (caseId: string) => Promise<Buffer | null> {
    const found = new Map<string, Promise<Buffer | null>>();
    return (caseId) => {
      let key = found.get(caseId);
      if (!key) {
        key = this.caseKeys!.keyFor(caseId, create).then((dataKey) => (dataKey ? payloadKeyOf(dataKey) : null));
        found.set(caseId, key);
      }
      return key;
    };
  }

  private async open(payload: Payload, caseKeyOf: (caseId: string) => Promise<Buffer | null>): Promise<Payload> {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || decoder.decode(encoding) !== ENCODING) throw new Error('payload not encrypted by this system');
    const keyIdBytes = payload.metadata?.[KEY_ID];
    const keyId = keyIdBytes ? decoder.decode(keyIdBytes) : '';
    const ofCase = CASE_ID.test(keyId);
    if (ofCase && !this.caseKeys) throw new Error(`payload sealed under the key of ${keyId}, which this process does not read`);
    const key = ofCase ? await caseKeyOf(keyId) : this.keys.get(keyId);
    if (!key) throw new Error(ofCase ? `the data of ${keyId} was erased` : `payload encrypted with unknown key id "${keyId.slice(0, 32)}"`);
    const sealed = Buffer.from(payload.data ?? new Uint8Array());
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('payload too short to be encrypted');
    const iv = sealed.subarray(0, IV_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    if (ofCase) decipher.setAAD(encoder.encode(keyId));
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
