import { CaseStage } from '@continuum/domain';
import type { Store } from '@continuum/store';

/** Every stage but closed: named one by one, an equality each, which the (caseManager, stage) index serves; a $ne would read every closed case too. */
export const OPEN_STAGES = CaseStage.options.filter((s) => s !== 'closed');

export type Absence = { from: string; to: string };
/** Her absences that `day` (YYYY-MM-DD) falls within. */
export const absencesOn = (member: { absences?: Absence[] | null }, day: string): Absence[] =>
  (member.absences ?? []).filter((a) => a.from <= day && day <= a.to);

/**
 * The district's caseworker with the fewest open cases (ties: by id, so the choice is repeatable), among those
 * at work on `day` (YYYY-MM-DD: not within one of their absences) and below their caseload cap. Null when
 * nobody is: the case's tasks then wait in the district's unassigned pool for a supervisor.
 * Only social workers take cases; psychologists join them through tasks and conferences.
 */
export async function pickCaseManager(store: Store, district: string, day: string): Promise<string | null> {
  const caseworkers = (await store.staff
    .find({ districts: district, roles: 'caseworker', discipline: 'social-worker', active: { $ne: false } }, { _id: 1, caseloadCap: 1, absences: 1 })
    .sort({ _id: 1 })
    .lean()) as Array<{ _id: string; caseloadCap?: number | null; absences?: Absence[] }>;
  const atWork = caseworkers.filter((s) => absencesOn(s, day).length === 0);
  if (atWork.length === 0) return null;
  const ids = atWork.map((s) => s._id);
  const load = new Map<string, number>(ids.map((id) => [id, 0]));
  const open = await store.cases.find({ caseManager: { $in: ids }, stage: { $in: OPEN_STAGES } }, { caseManager: 1 }).lean();
  for (const c of open) load.set(c.caseManager as string, (load.get(c.caseManager as string) ?? 0) + 1);
  const room = atWork.filter((s) => s.caseloadCap == null || load.get(s._id)! < s.caseloadCap).map((s) => s._id);
  return room.reduce<string | null>((best, id) => (best === null || load.get(id)! < load.get(best)! ? id : best), null);
}
