import type { StaffClaims } from './staff';

export interface ConsentOnFile {
  granted?: boolean;
  scope?: string[];
  withdrawnOn?: string;
}

/**
 * May this staff member see the family's HIV status? Only with the mother's (or guardian's) consent on
 * file, granted and not withdrawn, whose scope covers the reader's service: social workers and supervisors
 * are the social service, psychologists need the psychologist scope. Coordinators read indicators, never
 * a family's status. Pure: the casework service calls it on every case read and audits each disclosure.
 */
export function mayDiscloseHivStatus(staff: StaffClaims, discipline: string | undefined, caseDistrict: string, consent: ConsentOnFile | null | undefined): boolean {
  if (!consent || consent.granted !== true || consent.withdrawnOn) return false;
  if (!staff.districts.includes(caseDistrict)) return false;
  if (!staff.roles.some((r) => r === 'caseworker' || r === 'supervisor')) return false;
  const needed = discipline === 'psychologist' ? 'psychologist' : 'social-service';
  return (consent.scope ?? []).includes(needed);
}
