import { z } from 'zod';
import { DistrictId, StaffId } from './ids';

/**
 * Specialists are partner professionals (doctors, AIDS Center, child protection): they take part in conferences
 * and own their action items. Ops run the system: they may see decoded workflow payloads in the Temporal Web
 * UI (audited), and no case, task or figure. Admins keep their cities' reference data (districts, facilities,
 * staff) and see no case, task or figure either. Auditors read the audit trail of their districts and of the
 * installation, nothing else.
 */
export const StaffRole = z.enum(['caseworker', 'supervisor', 'coordinator', 'specialist', 'ops', 'admin', 'auditor']);
export type StaffRole = z.infer<typeof StaffRole>;

/**
 * Who a request's bearer is: the token names her (`sub`); her roles, districts and discipline are read
 * from the staff directory for each request, never from the token.
 */
export const StaffClaims = z.object({
  sub: StaffId,
  roles: z.array(StaffRole).min(1),
  districts: z.array(DistrictId),
  discipline: z.string().optional(),
});
export type StaffClaims = z.infer<typeof StaffClaims>;
