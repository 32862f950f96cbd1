import { DomainError, type StaffClaims, type StaffRole } from '@continuum/domain';

/** The district rule: staff act only on tasks and cases of their own districts. */
export function requireDistrict(staff: StaffClaims, district: string, what: string): void {
  if (!staff.districts.includes(district)) throw new DomainError('FORBIDDEN', `the ${what} belongs to another district`);
}

export function requireRole(staff: StaffClaims, roles: readonly StaffRole[], action: string): void {
  if (!staff.roles.some((r) => roles.includes(r))) throw new DomainError('FORBIDDEN', `${action} is for: ${roles.join(', ')}`);
}

export const isSupervisor = (staff: StaffClaims): boolean => staff.roles.includes('supervisor');

/** A partner professional and nothing else: sees only the conferences and tasks given to her. */
export const isSpecialistOnly = (staff: StaffClaims): boolean => staff.roles.every((r) => r === 'specialist');
