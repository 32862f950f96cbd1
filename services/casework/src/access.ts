import { DomainError, type ConsentOnFile, type StaffClaims, type StaffRole } from '@continuum/domain';
import { consentOf, lensFor, type CodeLens } from './code-lens';
import type { Store } from '@continuum/store';

/*
 * Who may do what in the casework API, decided on the server from the directory (the request's staff) and
 * the record as it is now. Deny by default; a record of another district answers as a missing one would.
 */

/** "Not yours" and "does not exist" are one answer, so ids of other districts' records tell nobody anything. */
export const notFound = (what: string) => new DomainError('NOT_FOUND', `no such ${what}`);

/** The district rule: staff see and act on the cases (and their tasks and conferences) of their own districts. */
export function requireDistrict(staff: StaffClaims, district: string, what: string): void {
  if (!staff.districts.includes(district)) throw notFound(what);
}

/**
 * Cases as they are now, for their tasks or conferences (which keep the district they were made in): where
 * each is, and the family's consent, which decides the codes the reader sees. One read for a whole list.
 */
export async function casesNow(store: Store, caseIds: readonly string[]): Promise<Map<string, { district: string; consent: ConsentOnFile | null }>> {
  const docs = await store.cases.find({ _id: { $in: [...new Set(caseIds)] } }, { district: 1, 'family.consent': 1 }).lean();
  return new Map(docs.map((doc) => [doc._id, { district: doc.district, consent: consentOf(doc as { family?: unknown }) }]));
}
/** One case as it is now; `made` (the district the task or conference was made in) when the case is gone. */
export async function caseNow(store: Store, caseId: string, made: string): Promise<{ district: string; consent: ConsentOnFile | null }> {
  return (await casesNow(store, [caseId])).get(caseId) ?? { district: made, consent: null };
}

/** Where the case is now, and the caller's lens on it; `fallbackDistrict` when the case is gone (see caseNow). */
export async function caseNowFor(store: Store, staff: StaffClaims, caseId: string, fallbackDistrict: string): Promise<{ district: string; lens: CodeLens }> {
  const { district, consent } = await caseNow(store, caseId, fallbackDistrict);
  return { district, lens: lensFor(staff, district, consent) };
}

export function requireRole(staff: StaffClaims, roles: readonly StaffRole[], action: string): void {
  if (!staff.roles.some((r) => roles.includes(r))) throw new DomainError('FORBIDDEN', `${action} is for: ${roles.join(', ')}`);
}

/** Who works with families: caseworkers and supervisors. Coordinators read indicators only; specialists their own tasks and conferences. */
export const CASE_ROLES: readonly StaffRole[] = ['caseworker', 'supervisor'];
/** Who may own a piece of work (a task, a conference's action item): not coordinators, ops or admins. */
export const WORK_ROLES: readonly StaffRole[] = ['caseworker', 'supervisor', 'specialist'];
export const worksCases = (staff: StaffClaims): boolean => staff.roles.some((r) => CASE_ROLES.includes(r));

const isSupervisor = (staff: StaffClaims): boolean => staff.roles.includes('supervisor');

/**
 * May she act on a task (complete, extend, answer)? Hers, or, for a supervisor, any task of her districts'
 * cases. A caseworker claims a task of the team's pool before she completes it.
 */
export function requireHolder(staff: StaffClaims, task: { assigneeId?: string | null }, ofHerDistricts: boolean): void {
  if (task.assigneeId === staff.sub) return;
  if (isSupervisor(staff) && ofHerDistricts) return;
  throw new DomainError('FORBIDDEN', task.assigneeId ? 'the task is assigned to someone else' : 'the task is in the team pool: claim it first');
}
