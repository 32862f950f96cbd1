import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './payload-codec';

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

  it('refuses a tampered payload', async () => {
    const codec = new AesGcmPayloadCodec(new Map([['k1', key()]]), 'k1');
    const [encoded] = await codec.encode([payload]);
    const data = Buffer.from(encoded!.data!);
    data[20] = data[20]! ^ 0xff;
    await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow();
  });

  it('decodes with an old key after rotation, and fails clearly on an unknown key id', async () => {
    const k1 = key();
    const old = new AesGcmPayloadCodec(new Map([['k1', k1]]), 'k1');
    const [encoded] = await old.encode([payload]);
    const rotated = new AesGcmPayloadCodec(new Map([['k1', k1], ['k2', key()]]), 'k2');
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([encoded!]))[0]!)).toMatchObject({ hivStatus: 'positive' });
    const stranger = new AesGcmPayloadCodec(new Map([['k9', key()]]), 'k9');
    await expect(stranger.decode([encoded!])).rejects.toThrow('unknown key id "k1"');
  });

  it('passes unencrypted payloads through (search attributes, older data)', async () => {
    const codec = new AesGcmPayloadCodec(new Map([['k1', key()]]), 'k1');
    expect(await codec.decode([payload])).toEqual([payload]);
  });

  it('refuses a key of the wrong length', () => {
    expect(() => new AesGcmPayloadCodec(new Map([['k1', randomBytes(16)]]), 'k1')).toThrow('32 bytes');
  });
});
