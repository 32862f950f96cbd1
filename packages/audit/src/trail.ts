import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from 'nats';
import { DomainError, type AuditInput, type RecordAudit } from '@continuum/domain';
import { publishEvent } from '@continuum/bus';
import { openText, sealText, type CaseVault } from '@continuum/store';

/** Reasons are sealed for this purpose (a key of their own, derived from the payload key). */
const AUDIT_REASON = 'continuum audit reason v1';

/** What seals an entry's reason: the case's own key for an entry about a case (erased with it), else one from the payload key. */
export interface ReasonKeys {
  payloadKey?: string;
  vault?: CaseVault;
}

/**
 * The one way to record an audit entry: to the AUDIT stream, which keeps it whatever the application does
 * next. It resolves once the stream has the entry; if the stream cannot take it, the caller's request fails
 * (503) rather than going on unrecorded. The reason, free text that may name the family, is sealed first:
 * under the case's own key when the entry is about a case, so that erasing the family leaves it unreadable
 * in the append-only trail too.
 */
export function auditTrail(js: JetStreamClient, keys: ReasonKeys = {}): RecordAudit {
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
      reason: input.reason ? await sealReason(input.reason, input.caseId ?? null, keys) : null,
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

/** A trail made without the keys (a command that records no reasons) refuses a reason rather than keep it in clear. */
async function sealReason(reason: string, caseId: string | null, keys: ReasonKeys): Promise<string> {
  if (caseId && keys.vault) return keys.vault.seal(caseId, reason);
  if (!keys.payloadKey) throw new Error('an audit entry with a reason needs a key to seal it');
  return sealText(reason, keys.payloadKey, AUDIT_REASON);
}

/** An entry's reason in clear, for whoever may read the trail; `null` if it cannot be opened (an erased family, another key). */
export async function openReason(sealed: string | null | undefined, caseId: string | null | undefined, keys: ReasonKeys): Promise<string | null> {
  if (!sealed) return null;
  try {
    if (sealed.startsWith('c1.')) return caseId && keys.vault ? await keys.vault.open<string>(caseId, sealed) : null;
    return keys.payloadKey ? openText(sealed, keys.payloadKey, AUDIT_REASON) : null;
  } catch {
    return null;
  }
}
