import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, REFUSED } from './payload-codec';

const key = () => randomBytes(32);

describe('AesGcmPayloadCodec', () => {
  const payload = defaultPayloadConverter.toPayload({ mother: 'Secret Name', hivStatus: 'positive' });

  it('round-trips a payload and leaves no plaintext in the encoded bytes', async () => {
    const codec = new AesGcmPayloadCodec(new Map([['k1', key()]]), 'k1');
    const [encoded] = await codec.encode([payload]);
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('Secret Name');
    expect(Buffer.from(encoded!.metadata!.encoding!).toString()).toBe('binary/encrypted');
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ mother: 'Secret Name', hivStatus: 'positive' });
  });

  it('uses a fresh IV: the same payload encrypts differently each time', async () => {
    const codec = new AesGcmPayloadCodec(new Map([['k1', key()]]), 'k1');
    const [a] = await codec.encode([payload]);
    const [b] = await codec.encode([payload]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  /** A refused payload decodes to nothing at all, with the reason told and marked; the codec never throws. */
  const refusedWith = async (codec: AesGcmPayloadCodec, p: Payload, reasons: string[]) => {
    const [decoded] = await codec.decode([p]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toBeUndefined();
    expect(Buffer.from(decoded!.metadata![REFUSED]!).toString()).toBe(reasons.at(-1));
    expect(decoded!.data ?? null).toBeNull();
  };

  it('refuses a tampered payload', async () => {
    const reasons: string[] = [];
    const codec = new AesGcmPayloadCodec(new Map([['k1', key()]]), 'k1', (r) => reasons.push(r));
    const [encoded] = await codec.encode([payload]);
    const data = Buffer.from(encoded!.data!);
    data[20] = data[20]! ^ 0xff;
    await refusedWith(codec, { ...encoded!, data }, reasons);
    expect(reasons).toEqual(['payload failed authentication (tampered, or another key)']);
  });

  it('decodes with an old key after rotation, and fails clearly on an unknown key id', async () => {
    const k1 = key();
    const old = new AesGcmPayloadCodec(new Map([['k1', k1]]), 'k1');
    const [encoded] = await old.encode([payload]);
    const rotated = new AesGcmPayloadCodec(
      new Map([
        ['k1', k1],
        ['k2', key()],
      ]),
      'k2',
    );
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([encoded!]))[0]!)).toMatchObject({ hivStatus: 'positive' });
    const reasons: string[] = [];
    const stranger = new AesGcmPayloadCodec(new Map([['k9', key()]]), 'k9', (r) => reasons.push(r));
    await refusedWith(stranger, encoded!, reasons);
    expect(reasons).toEqual(['payload encrypted with unknown key id "k1"']);
  });

  it('refuses a payload in clear, or one that only claims to be encrypted: the side door into the engine', async () => {
    const reasons: string[] = [];
    const codec = new AesGcmPayloadCodec(new Map([['k1', key()]]), 'k1', (r) => reasons.push(r));
    await refusedWith(codec, payload, reasons);
    const claim = { metadata: { encoding: Buffer.from('binary/encrypted'), 'encryption-key-id': Buffer.from('k1') }, data: Buffer.from('short') };
    await refusedWith(codec, claim, reasons);
    expect(reasons).toEqual(['payload not encrypted by this system', 'payload too short to be encrypted']);
  });

  it('refuses a key of the wrong length', () => {
    expect(() => new AesGcmPayloadCodec(new Map([['k1', randomBytes(16)]]), 'k1')).toThrow('32 bytes');
  });
});
