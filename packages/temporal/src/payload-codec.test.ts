import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { INSTALLATION_SEALED } from '@continuum/domain/rules';
import { AesGcmPayloadCodec, forCase, REFUSED, type CaseKeys } from './payload-codec';

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

describe('AesGcmPayloadCodec with the cases’ own keys', () => {
  const A = 'case-aaaaaaaaaaaaaaaaaaaa';
  const B = 'case-bbbbbbbbbbbbbbbbbbbb';
  /** The cases' data keys, as the vault keeps them: erasing one deletes it. */
  function vault(): CaseKeys & { erase(caseId: string): void } {
    const keys = new Map<string, Buffer | null>();
    return {
      async keyFor(caseId, create) {
        if (!keys.has(caseId) && create) keys.set(caseId, key());
        return keys.get(caseId) ?? null;
      },
      // The key is gone, and no new one is made: the row stays, saying it was erased.
      erase: (caseId) => void keys.set(caseId, null),
    };
  }
  const keyIdOf = (p: Payload) => Buffer.from(p.metadata!['encryption-key-id']!).toString();
  const settings = { PAYLOAD_KEY: key().toString('base64'), PAYLOAD_KEY_ID: 'k1' };
  const json = (value: unknown) => defaultPayloadConverter.toPayload(value);

  it('seals a payload about one case (its id, or a task’s or a conference’s) under that case’s key, and anything else under the installation’s', async () => {
    const codec = AesGcmPayloadCodec.of(settings, { caseKeys: vault() });
    const encoded = await codec.encode([
      json({ caseId: A, note: 'Secret Name' }),
      json({ taskId: 'task-aaaaaaaaaaaaaaaaaaaa-3', form: { notes: 'x' } }),
      json({ conferenceId: 'conf-bbbbbbbbbbbbbbbbbbbb-1' }),
      json({ tasks: ['task-aaaaaaaaaaaaaaaaaaaa-1', 'task-bbbbbbbbbbbbbbbbbbbb-1'] }),
      json({ staffId: 'sw-1' }),
      json({ ...INSTALLATION_SEALED, caseId: A }), // the retention sweep's: it must open after A's key is gone
    ]);
    expect(encoded.map(keyIdOf)).toEqual([A, A, B, 'k1', 'k1', 'k1']);
    const decoded = await codec.decode(encoded);
    expect(defaultPayloadConverter.fromPayload(decoded[0]!)).toEqual({ caseId: A, note: 'Secret Name' });
  });

  it('seals what is sent for a case under its key though it names no id (forCase)', async () => {
    const codec = AesGcmPayloadCodec.of(settings, { caseKeys: vault() });
    const [inside] = await forCase(B, () => codec.encode([json({ reason: 'the family moved' })]));
    const [outside] = await codec.encode([json({ reason: 'the family moved' })]);
    expect([keyIdOf(inside!), keyIdOf(outside!)]).toEqual([B, 'k1']);
  });

  it('decodes an erased family’s payloads to nothing, and seals nothing more for it', async () => {
    const reasons: string[] = [];
    const keys = vault();
    const codec = AesGcmPayloadCodec.of(settings, { caseKeys: keys, onRefused: (r) => reasons.push(r) });
    const [sealed] = await codec.encode([json({ caseId: A, note: 'Secret Name' })]);
    keys.erase(A);
    const [decoded] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toBeUndefined();
    expect(reasons).toEqual([`the data of ${A} was erased`]);
    await expect(codec.encode([json({ caseId: A })])).rejects.toThrow('erased');
    // A process without the cases' keys cannot open them either, and says why.
    const [withoutKeys] = await AesGcmPayloadCodec.of(settings).decode([sealed!]);
    expect(Buffer.from(withoutKeys!.metadata![REFUSED]!).toString()).toMatch(/which this process does not read/);
  });

  it('binds a sealed payload to its case: moved to another case’s key id, it is refused', async () => {
    const codec = AesGcmPayloadCodec.of(settings, { caseKeys: vault() });
    const [sealed] = await codec.encode([json({ caseId: A })]);
    const moved = { ...sealed!, metadata: { ...sealed!.metadata, 'encryption-key-id': Buffer.from(B) } };
    expect(defaultPayloadConverter.fromPayload((await codec.decode([moved]))[0]!)).toBeUndefined();
  });

  it('keeps decoding the installation’s payloads after its master key rotates (PAYLOAD_KEYS_EARLIER)', async () => {
    const [old] = await AesGcmPayloadCodec.of(settings).encode([json({ staffId: 'sw-1' })]);
    const rotated = AesGcmPayloadCodec.of({
      PAYLOAD_KEY: key().toString('base64'),
      PAYLOAD_KEY_ID: 'k2',
      PAYLOAD_KEYS_EARLIER: `k1:${settings.PAYLOAD_KEY}`,
    });
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([old!]))[0]!)).toEqual({ staffId: 'sw-1' });
    expect((await rotated.encode([json({})])).map(keyIdOf)).toEqual(['k2']);
  });
});
