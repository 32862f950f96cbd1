import { createHmac } from 'node:crypto';
import { CalendarDate, foldDocument, foldName, trigramsOf } from '@continuum/domain';
import type { CaseVault } from '../keys/case-vault';

/**
 * The search index's own key: kept as the cases' keys are (`caseKeys`, wrapped by the master key, wrapped anew
 * by `keys rewrap`), so a master-key rotation leaves the index as it is.
 */
const INDEX_KEY = 'search-index';

/** What of a person the search finds her by. */
export interface Searchable {
  fullName?: unknown;
  birthDate?: unknown;
  documentNumber?: unknown;
}

/** A family's blind index: every member's (mother, children, the rest of the household), for the case's `searchIndex`. */
export const familySearchIndex = (vault: CaseVault, family: { mother: Member; children: Member[]; household: Member[] }) =>
  searchTokensOf(vault, [family.mother, ...family.children, ...family.household]);

/** A member as the family record holds her. */
type Member = Searchable & Record<string, unknown>;

/** What was asked, as the index keeps it: the name's pieces, the birth date, the document number, each a keyed hash. */
export interface IndexQuery {
  name: string[];
  birthDate: string | null;
  document: string | null;
}

async function indexKey(vault: CaseVault): Promise<Buffer> {
  const key = await vault.keyFor(INDEX_KEY, true);
  if (!key) throw new Error('the search index key was destroyed');
  return key;
}

/** A keyed hash, short: a few cases sharing one by chance are told apart when their families are opened. */
const hashOf = (key: Buffer, kind: string, value: string) => createHmac('sha256', key).update(`${kind}:${value}`).digest('base64url').slice(0, 16);

/**
 * The blind index of a family: keyed hashes (HMAC-SHA256 under the index's own key) of each member's name
 * pieces (three letters of its folded spelling, so a typo or the other script still shares most of them), her
 * birth date and her document number. Kept on the case in place of anything readable: without the key it
 * says nothing, and an erasure removes it with the family.
 */
export async function searchTokensOf(vault: CaseVault, people: readonly Member[]): Promise<string[]> {
  const key = await indexKey(vault);
  const tokens = new Set<string>();
  for (const p of people) {
    if (typeof p.fullName === 'string') for (const gram of trigramsOf(foldName(p.fullName))) tokens.add(hashOf(key, 'n', gram));
    if (typeof p.birthDate === 'string') tokens.add(hashOf(key, 'd', p.birthDate));
    if (typeof p.documentNumber === 'string' && foldDocument(p.documentNumber)) tokens.add(hashOf(key, 'doc', foldDocument(p.documentNumber)));
  }
  return [...tokens];
}

/** What a search asks for, as the index's hashes. */
export async function indexQueryOf(vault: CaseVault, asked: { name?: string; birthDate?: string; documentNumber?: string }): Promise<IndexQuery> {
  const key = await indexKey(vault);
  return {
    name: asked.name ? trigramsOf(foldName(asked.name)).map((gram) => hashOf(key, 'n', gram)) : [],
    birthDate: asked.birthDate && CalendarDate.safeParse(asked.birthDate).success ? hashOf(key, 'd', asked.birthDate) : null,
    document: asked.documentNumber && foldDocument(asked.documentNumber) ? hashOf(key, 'doc', foldDocument(asked.documentNumber)) : null,
  };
}
