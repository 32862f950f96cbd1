import { z } from 'zod';
import { Code, DistrictId, StaffId } from './ids';
import { CaseClosureOutcome, Note } from './task';
import { FamilyEvent } from './family-event';
import { CalendarDate } from './dates';

/** A reason a member of staff gives for a request: kept with it in the case history and the audit trail. */
export const Reason = Note.trim().min(3, 'give a reason of at least 3 characters');

/** Bodies of the casework API's case requests; the workflow Updates take the same plus who asked. */
export const ReassignCaseBody = z.strictObject({ assigneeId: StaffId, reason: Reason });
export const TransferCaseBody = z.strictObject({ toDistrict: DistrictId, reason: Reason });
export const CloseCaseBody = z.strictObject({ outcome: CaseClosureOutcome, reason: Reason });
export const ReopenCaseBody = z.strictObject({ reason: Reason });
export const ChangePolicyBody = z.strictObject({ toVersion: Code, reason: Reason });
/** Why HIV status must be read outside the family's consent: written to the audit log and reported to the district's supervisors. */
export const BreakGlassBody = z.strictObject({ reason: Note.trim().min(10, 'say why, in at least 10 characters') });
export const ReportFamilyEventBody = z.strictObject({ event: FamilyEvent });

/**
 * POST /cases/search: a person of her districts' families, by name (either script, a typo or two forgiven),
 * birth date or document number; what is given must all be the same person's.
 */
export const SearchCasesBody = z
  .strictObject({
    name: Note.trim().min(2, 'give at least 2 letters of the name').max(200).optional(),
    birthDate: CalendarDate.optional(),
    documentNumber: Note.trim().min(3).max(40).optional(),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .refine((b) => b.name !== undefined || b.birthDate !== undefined || b.documentNumber !== undefined, {
    message: 'give a name, a birth date or a document number',
    path: ['name'],
  });
export type SearchCasesBody = z.infer<typeof SearchCasesBody>;

const by = { requestedBy: StaffId };
export const ReassignCaseRequest = ReassignCaseBody.extend(by);
export const TransferCaseRequest = TransferCaseBody.extend(by);
export const CloseCaseRequest = CloseCaseBody.extend(by);
export const ReopenCaseRequest = ReopenCaseBody.extend(by);
export const ChangePolicyRequest = ChangePolicyBody.extend(by);
export type ReassignCaseRequest = z.infer<typeof ReassignCaseRequest>;
export type TransferCaseRequest = z.infer<typeof TransferCaseRequest>;
export type CloseCaseRequest = z.infer<typeof CloseCaseRequest>;
export type ReopenCaseRequest = z.infer<typeof ReopenCaseRequest>;
export type ChangePolicyRequest = z.infer<typeof ChangePolicyRequest>;
