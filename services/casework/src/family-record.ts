import type { JetStreamClient } from 'nats';
import { DomainError, type AuditAction, type ChangeConsentBody, type FamilyFieldChange, type RecordAudit, type StaffClaims } from '@continuum/domain';
import { publishEvent } from '@continuum/bus';
import { familySearchIndex, openFamily, sealFamily, type CaseDoc, type CaseVault, type FamilyRecord, type Store } from '@continuum/store';

export type FamilyChangeKind = 'family-corrected' | 'family-member-added' | 'consent-changed';

const ACTION: Record<FamilyChangeKind, AuditAction> = {
  'family-corrected': 'correct-family-record',
  'family-member-added': 'add-family-member',
  'consent-changed': 'change-consent',
};

/**
 * The one way a family record changes: if it is still at the version the caller read, the change is written
 * (the members, or the consent, and the version), kept as a version (each field as it was and became), and
 * told: an entry of the case history and of the audit trail, and a `case.family-changed` event.
 */
export function familyRecordWriter(store: Store, js: JetStreamClient, audit: RecordAudit, vault: CaseVault) {
  return async function changeFamily(
    doc: CaseDoc & { _id: string },
    staff: StaffClaims,
    request: { version: number; reason: string },
    kind: FamilyChangeKind,
    change: (next: FamilyRecord) => FamilyFieldChange[],
    /** Said in the history beside the fields' names (a consent's change: granted, narrowed…). */
    summary: Record<string, unknown> = {},
  ): Promise<FamilyRecord> {
    // An instance may still hold the key a minute after an erasure (CASE_KEY_CACHE_SECONDS): the case says so at once.
    const family = await openFamily(vault, doc._id, doc.family);
    if (family.erased || doc.erasedAt) throw new DomainError('CONFLICT', "the family's data was erased");
    if (request.version !== family.version) {
      throw new DomainError('CONFLICT', `the family record is at version ${family.version} now, not ${request.version}: read the case again`);
    }
    const next = structuredClone(family);
    const changes = change(next);
    if (changes.length === 0) return family; // the same data again: nothing to record
    next.version = family.version + 1;
    const at = new Date();
    const id = `${doc._id}/family-v${next.version}`;
    // The version first: a record whose write then loses a race (409) is taken back; one stranded by a crash is
    // overwritten by the next. The reason and the values sealed under the case's key, as the record is.
    await store.familyChanges.replaceOne(
      { _id: id },
      { caseId: doc._id, version: next.version, at, by: staff.sub, sealed: await vault.seal(doc._id, { reason: request.reason, changes }) },
      { upsert: true },
    );
    // Only what the change is about: a correction leaves the consent as it is, a consent change the members.
    const written = await store.cases.updateOne(
      { _id: doc._id, 'family.version': family.version === 0 ? { $in: [0, null] } : family.version },
      {
        $set: {
          ...(kind === 'consent-changed'
            ? { 'family.consent': next.consent }
            : { ...membersOf(await sealFamily(vault, doc._id, next)), searchIndex: await familySearchIndex(vault, next) }),
          'family.version': next.version,
        },
        // A family stored before it was sealed keeps no copy in clear.
        ...(kind !== 'consent-changed' && { $unset: { 'family.mother': 1, 'family.children': 1, 'family.household': 1 } }),
      },
    );
    if (written.matchedCount === 0) {
      await store.familyChanges.deleteOne({ _id: id });
      throw new DomainError('CONFLICT', 'the family record was changed meanwhile: read the case again');
    }
    const personIds = [...new Set(changes.map((c) => c.personId))];
    const fields = [...new Set(changes.map((c) => c.field))].filter((f) => f !== '(added)');
    await store.caseHistory.updateOne(
      { _id: id },
      {
        $setOnInsert: {
          caseId: doc._id,
          at,
          type: kind,
          by: staff.sub,
          details: { personIds, fields, version: next.version, ...summary },
        },
      },
      { upsert: true },
    );
    const withdrawn = kind === 'consent-changed' && summary.change === 'withdrawn';
    await audit({
      actor: staff.sub,
      caseId: doc._id,
      district: doc.district,
      action: withdrawn ? 'withdraw-consent' : ACTION[kind],
      reason: request.reason,
      at,
      details: { personIds, fields, version: next.version, ...summary },
    });
    await publishEvent(js, { type: 'case.family-changed', eventId: id, occurredAt: at.toISOString(), caseId: doc._id, district: doc.district });
    return next;
  };
}
export type ChangeFamily = ReturnType<typeof familyRecordWriter>;

/** The sealed members and their counts, as paths of the case document. */
const membersOf = (sealed: Awaited<ReturnType<typeof sealFamily>>) => ({ 'family.sealed': sealed.sealed, 'family.counts': sealed.counts });

/** A consent as the family signed it. */
export type SignedConsent = Omit<ChangeConsentBody, 'reason' | 'version'>;

/**
 * A consent as kept on the case: as signed, when and by whom it was recorded (so a late copy of an older
 * withdrawal, the case workflow's, does not overwrite it), and the day it was withdrawn.
 */
export function consentOnFile(signed: SignedConsent, by: string, withdrawnOn?: string) {
  return {
    granted: signed.granted,
    scope: [...signed.scope],
    signedOn: signed.signedOn,
    signedBy: signed.signedBy,
    ...(!signed.granted && { withdrawnOn: withdrawnOn ?? signed.signedOn }),
    changedAt: new Date().toISOString(),
    changedBy: by,
  };
}

export const sameConsent = (a: Record<string, unknown> | null, b: SignedConsent) =>
  !!a &&
  a.granted === b.granted &&
  a.signedOn === b.signedOn &&
  a.signedBy === b.signedBy &&
  JSON.stringify([...((a.scope as string[]) ?? [])].sort()) === JSON.stringify([...b.scope].sort());
