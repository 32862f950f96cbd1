import { CaseStage } from '@continuum/domain';
import type { Store } from '@continuum/store';

/** Every stage but closed: named one by one, an equality each, which the (caseManager, stage) index serves; a $ne would read every closed case too. */
const OPEN_STAGES = CaseStage.options.filter((s) => s !== 'closed');

/**
 * The district's caseworker with the fewest open cases (ties: by id, so the choice is repeatable).
 * Only social workers take cases; psychologists join them through tasks and conferences.
 */
export async function pickCaseManager(store: Store, district: string): Promise<string | null> {
  const caseworkers = await store.staff
    .find({ districts: district, roles: 'caseworker', discipline: 'social-worker', active: { $ne: false } }, { _id: 1 })
    .sort({ _id: 1 })
    .lean();
  if (caseworkers.length === 0) return null;
  const ids = caseworkers.map((s) => s._id as string);
  const load = new Map<string, number>(ids.map((id) => [id, 0]));
  const open = await store.cases.find({ caseManager: { $in: ids }, stage: { $in: OPEN_STAGES } }, { caseManager: 1 }).lean();
  for (const c of open) load.set(c.caseManager as string, (load.get(c.caseManager as string) ?? 0) + 1);
  return ids.reduce((best, id) => (load.get(id)! < load.get(best)! ? id : best), ids[0]!);
}
