import { DomainError, type StaffClaims } from '@continuum/domain';

/** Partner professionals (specialists) see their conferences, never the programme's figures. */
export function requireReader(staff: StaffClaims): void {
  if (!staff.roles.some((r) => r === 'caseworker' || r === 'supervisor' || r === 'coordinator')) {
    throw new DomainError('FORBIDDEN', 'indicators are for: caseworker, supervisor, coordinator');
  }
}

/**
 * Small counts are shown only to the district's own staff: a report stays in the district when the
 * reader is not a coordinator (whose reports are for the city) and every district it covers is one of hers.
 * Anything else leaves the district and is suppressed.
 */
export function leavesTheDistrict(staff: StaffClaims, districtIds: readonly string[]): boolean {
  if (staff.roles.includes('coordinator')) return true;
  return districtIds.length === 0 || districtIds.some((d) => !staff.districts.includes(d));
}
