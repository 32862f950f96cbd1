import { z } from 'zod';
import { DistrictId, StaffId } from './ids';

/** Specialists are partner professionals (doctors, AIDS Center, child protection): they take part in conferences and own their action items. */
export const StaffRole = z.enum(['caseworker', 'supervisor', 'coordinator', 'specialist']);
export type StaffRole = z.infer<typeof StaffRole>;

/** What a staff token says about its bearer: who, in which roles, for which districts. */
export const StaffClaims = z.object({
  sub: StaffId,
  roles: z.array(StaffRole).min(1),
  districts: z.array(DistrictId).min(1),
});
export type StaffClaims = z.infer<typeof StaffClaims>;
