import { z } from 'zod';
import { Instant } from './dates';
import { CaseId, Code, DistrictId } from './ids';

/**
 * What the audit trail records: every read of a family's personal data and every change, by whom, when,
 * of which case, with the reason where one was given. An action is a verb in the domain's words.
 */
export const AuditAction = z.enum([
  // Reads of personal data.
  'read-case',
  'read-task',
  'read-conference',
  'break-glass-read-hiv-status',
  'read-reference-data',
  'read-family-versions',
  'read-audit',
  'decode-payloads',
  'search-cases',
  // Changes.
  'refer-family',
  'report-family-event',
  'correct-family-record',
  'add-family-member',
  'withdraw-consent',
  'change-consent',
  'reassign-case',
  'transfer-case',
  'propose-closure',
  'reopen-case',
  'change-policy',
  'claim-task',
  'assign-task',
  'extend-deadline',
  'complete-task',
  'convene-conference',
  'submit-conference-input',
  'decline-conference',
  'record-conference-decisions',
  'set-notification-channel',
  'set-facility-webhook',
  'change-reference-data',
  'hand-over-case',
  'hand-over-task',
  'erase-family',
]);
export type AuditAction = z.infer<typeof AuditAction>;

/**
 * An entry's details: ids, codes, dates and counts only (a value with a space cannot pass), so no free text
 * with a family's data can ride in them; the one name allowed is a city's (its id is its name). Free text is
 * the reason, which travels sealed.
 */
export const AuditDetails = z
  .object({
    city: z
      .string()
      .min(2)
      .max(120)
      .regex(/^[\p{L}\p{N} .'-]+$/u, 'must be a city name')
      .optional(),
  })
  .catchall(z.union([Code, z.number(), z.boolean(), z.null(), z.array(Code).max(100)]));
export type AuditDetails = z.infer<typeof AuditDetails>;

/**
 * A reason sealed (AES-256-GCM): `c1.<iv>.<tag>.<ciphertext>` under the case's own key, `v1.…` under the
 * installation's for an entry of no case. It may name the family, so it is never in clear outside MongoDB.
 */
export const SealedText = z
  .string()
  .max(12000)
  .regex(/^(v1|c1)\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, 'must be sealed text');

/**
 * An audit entry as written to the AUDIT stream, which refuses to delete or purge anything; the stream's
 * sequence numbers the entries, and the sealer chains them by hash into MongoDB for reading.
 */
export const AuditRecorded = z.strictObject({
  type: z.literal('audit.recorded'),
  /** The entry's id; the same id published again (a retried activity) is dropped by the stream. */
  eventId: z.string().min(1).max(200),
  occurredAt: Instant,
  /** A member of staff, a facility's client id, or `continuum` for what the system itself did. */
  actor: Code,
  action: AuditAction,
  caseId: CaseId.nullable(),
  /** The district the entry concerns (a case's, a task's); null for what concerns the installation. */
  district: DistrictId.nullable(),
  reason: SealedText.nullable(),
  details: AuditDetails,
});
export type AuditRecorded = z.infer<typeof AuditRecorded>;

/** What a service gives to record an entry; the trail seals the reason and stamps the time. */
export interface AuditInput {
  actor: string;
  action: AuditAction;
  caseId?: string | null;
  district?: string | null;
  /** In clear; sealed before it leaves the process. */
  reason?: string | null;
  details?: AuditDetails;
  /** For an entry a retry may record again (an activity): the same id is kept once. Default: a random id. */
  entryId?: string;
  at?: Date;
}

/** Records one entry; resolves with the entry's id once the stream has it. */
export type RecordAudit = (input: AuditInput) => Promise<string>;

/** The system itself, as an actor (a scheduled handover). */
export const SYSTEM_ACTOR = 'continuum';
