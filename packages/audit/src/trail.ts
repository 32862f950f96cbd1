import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from 'nats';
import { DomainError, type AuditInput, type RecordAudit } from '@continuum/domain';
import { publishEvent } from '@continuum/bus';
import { openText, sealText } from '@continuum/store';

/** Reasons are sealed for this purpose (a key of their own, derived from the payload key). */
const AUDIT_REASON = 'continuum audit reason v1';

/**
 * The one way to record an audit entry: to the AUDIT stream, which keeps it whatever the application does
 * next. It resolves once the stream has the entry; if the stream cannot take it, the caller's request fails
 * (503) rather than going on unrecorded. The reason, free text that may name the family, is sealed first.
 */
export function auditTrail(js: JetStreamClient, payloadKeyBase64?: string): RecordAudit {
  return async (input: AuditInput) => {
    const eventId = input.entryId ?? randomUUID();
    const entry = {
      type: 'audit.recorded' as const,
      eventId,
      occurredAt: (input.at ?? new Date()).toISOString(),
      actor: input.actor,
      action: input.action,
      caseId: input.caseId ?? null,
      district: input.district ?? null,
      reason: input.reason ? sealText(input.reason, keyFor(payloadKeyBase64), AUDIT_REASON) : null,
      details: input.details ?? {},
    };
    const failed = await publishEvent(js, entry).then(
      () => null,
      (err: unknown) => err,
    );
    // An entry the schema refuses is a fault in the code that recorded it (a 500), not in the request.
    if (failed instanceof DomainError)
      throw new Error(`${failed.message}: ${failed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { cause: failed });
    if (failed) throw new DomainError('UNAVAILABLE', 'the audit trail cannot be written right now; try again');
    return eventId;
  };
}

/** A trail made without the payload key (a command that records no reasons) refuses a reason rather than keep it in clear. */
function keyFor(payloadKeyBase64: string | undefined): string {
  if (!payloadKeyBase64) throw new Error('an audit entry with a reason needs the payload key to seal it');
  return payloadKeyBase64;
}

/** An entry's reason in clear, for whoever may read the trail; `null` if it cannot be opened (another key). */
export function openReason(sealed: string | null | undefined, payloadKeyBase64: string): string | null {
  if (!sealed) return null;
  try {
    return openText(sealed, payloadKeyBase64, AUDIT_REASON);
  } catch {
    return null;
  }
}
