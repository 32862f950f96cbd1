import { sameName } from '@continuum/domain';
import { indexQueryOf, openFamily, type CaseVault, type Store } from '@continuum/store';

/**
 * The open case of the district whose mother is probably this case's too (referred again, by another facility
 * or the same one): the same birth date, and the same name in either script with a typo forgiven. Found
 * through the search index (her birth date's hash), each candidate's family opened and compared. Null when
 * there is none, or the mother's name or birth date is not known.
 */
export async function probableDuplicateOf(store: Store, vault: CaseVault, caseId: string, district: string): Promise<string | null> {
  const doc = await store.cases.findById(caseId, { family: 1 }).lean();
  const { mother } = await openFamily(vault, caseId, doc?.family);
  if (typeof mother.fullName !== 'string' || typeof mother.birthDate !== 'string') return null;
  const { birthDate } = await indexQueryOf(vault, { birthDate: mother.birthDate });
  const candidates = await store.cases
    .find({ _id: { $ne: caseId }, district, stage: { $ne: 'closed' }, searchIndex: birthDate }, { family: 1 })
    .sort({ openedAt: 1 })
    .limit(50)
    .lean();
  for (const c of candidates) {
    const other = (await openFamily(vault, c._id, c.family)).mother;
    if (other.birthDate === mother.birthDate && typeof other.fullName === 'string' && sameName(other.fullName, mother.fullName)) return c._id;
  }
  return null;
}
