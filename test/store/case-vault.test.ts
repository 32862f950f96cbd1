import { randomBytes } from 'node:crypto';
import { caseVault, connectStore, Keyring, type Store } from '@continuum/store';
import { openTestSystem, type OpenTestSystem } from '../harness/system';

/*
 * Each case's data key, against the test system's store: what is sealed under it opens while the key is kept,
 * opens again after the master key rotates and the keys are wrapped anew, and opens nowhere once the family
 * is erased (the wrapped key gone, whatever copies of the sealed text remain).
 */

let t: OpenTestSystem;
/** A database of its own: a rewrap reads every key of the database it runs on. */
let store: Store;
beforeAll(async () => {
  t = await openTestSystem();
  store = await connectStore(t.system.mongoUrl.replace(/\/[^/?]*(\?|$)/, '/continuum-vault$1'));
  await store.db.dropDatabase();
  await store.ensureIndexes();
});
afterAll(async () => {
  await store?.db.dropDatabase();
  await store?.close();
  await t.close();
});

const caseId = () => `case-${randomBytes(10).toString('hex')}`;
const SENTINEL = { mother: { fullName: `SENTINEL-${randomBytes(4).toString('hex')}` } };

it('seals under the case key, and a rotation of the master key keeps what was sealed readable', async () => {
  const first = randomBytes(32).toString('base64');
  const before = caseVault(store, Keyring.from({ key: first, id: 'vault-k1' }), { cacheMs: 0 });
  const id = caseId();
  const sealed = await before.seal(id, SENTINEL);
  expect(sealed).not.toContain(SENTINEL.mother.fullName);
  expect(await before.open(id, sealed)).toEqual(SENTINEL);
  // Another case's key does not open it.
  await expect(before.open(caseId(), sealed)).resolves.toBeNull();

  const second = randomBytes(32).toString('base64');
  const after = caseVault(store, Keyring.from({ key: second, id: 'vault-k2' }, `vault-k1:${first}`), { cacheMs: 0 });
  expect(await after.open(id, sealed)).toEqual(SENTINEL);
  expect(await after.rewrap()).toBeGreaterThanOrEqual(1);
  expect(await store.caseKeys.findById(id).lean()).toMatchObject({ kekId: 'vault-k2' });
  // The old master key can go: the key wrapped anew opens under the new one alone.
  const onlyNew = caseVault(store, Keyring.from({ key: second, id: 'vault-k2' }), { cacheMs: 0 });
  expect(await onlyNew.open(id, sealed)).toEqual(SENTINEL);
});

it('opens nothing of an erased family, and seals nothing more for it', async () => {
  const vault = caseVault(store, Keyring.from({ key: randomBytes(32).toString('base64'), id: 'vault-k3' }), { cacheMs: 0 });
  const id = caseId();
  const sealed = await vault.seal(id, SENTINEL);
  await vault.erase(id);
  expect(await vault.open(id, sealed)).toBeNull();
  await expect(vault.seal(id, SENTINEL)).rejects.toThrow(/erased/);
  expect(JSON.stringify(await store.caseKeys.findById(id).lean())).not.toMatch(/wrapped":"/);
});
