import { z } from 'zod';

/** Codes and ids that may travel on the bus and in search attributes: no spaces, no personal data. */
export const Code = z.string().regex(/^[a-z0-9][a-z0-9._:-]{0,63}$/i, 'must be 1-64 letters, digits or . _ : -');

export const DistrictId = Code.describe('District code, e.g. spb-nevsky');
export const FacilityId = Code.describe('Referring medical facility code');
export const StaffId = Code.describe('Staff member id');
export const CaseId = z.string().regex(/^case-[0-9a-f]{20}$/, 'must look like case-<20 hex digits>');
export const TaskId = z.string().regex(/^task-[0-9a-f]{20}-(c[0-9]{1,4}-)?[0-9]{1,6}$/, 'must look like task-<case digits>-<n> (or -c<conference>-<seat>)');

export type DistrictId = z.infer<typeof DistrictId>;
export type CaseId = z.infer<typeof CaseId>;
export type TaskId = z.infer<typeof TaskId>;

export { caseWorkflowId, taskIdFor } from './rules/ids';
