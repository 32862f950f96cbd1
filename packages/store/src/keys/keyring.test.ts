import { randomBytes } from 'node:crypto';
import { Keyring } from './keyring';

const key = () => randomBytes(32).toString('base64');

describe('the keyring', () => {
  it('wraps under the current master key, and unwraps under an earlier one kept after a rotation', () => {
    const first = key();
    const before = Keyring.from({ key: first, id: 'k1' });
    const dataKey = randomBytes(32);
    const wrapped = before.wrap(dataKey);
    expect(wrapped.kekId).toBe('k1');

    const after = Keyring.from({ key: key(), id: 'k2' }, `k1:${first}`);
    expect(after.unwrap(wrapped.kekId, wrapped.wrapped).equals(dataKey)).toBe(true);
    const again = after.wrap(dataKey);
    expect(again.kekId).toBe('k2');
    expect(after.unwrap(again.kekId, again.wrapped).equals(dataKey)).toBe(true);
  });

  it('refuses a key it does not keep, a wrapped key tampered with, and a key of the wrong size', () => {
    const ring = Keyring.from({ key: key(), id: 'k1' });
    const { wrapped } = ring.wrap(randomBytes(32));
    expect(() => Keyring.from({ key: key(), id: 'k2' }).unwrap('k1', wrapped)).toThrow(/not in the keyring/);
    const bytes = Buffer.from(wrapped, 'base64');
    bytes[20] = bytes[20]! ^ 1;
    expect(() => ring.unwrap('k1', bytes.toString('base64'))).toThrow();
    // Bound to its master key's id: the same bytes under another id do not open.
    expect(() => Keyring.from({ key: key(), id: 'k9' }, `k1:${key()}`).unwrap('k9', wrapped)).toThrow();
    expect(() => Keyring.from({ key: randomBytes(16).toString('base64'), id: 'k1' })).toThrow(/32 bytes/);
    expect(() => Keyring.from({ key: key(), id: 'k1' }, 'no-colon')).toThrow(/id:base64/);
  });
});
