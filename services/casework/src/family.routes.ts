import { Router } from 'express';
import { z } from 'zod';
import type { JetStreamClient } from 'nats';
import {
  AddFamilyMemberBody,
  CaseId,
  CorrectFamilyMemberBody,
  DomainError,
  FAMILY_CORRECTIONS,
  HIV_FIELDS,
  mayDiscloseHivStatus,
  PersonId,
  WITHHELD,
  type FamilyFieldChange,
  type RecordAudit,
  type StaffClaims,
} from '@continuum/domain';
import { publishEvent } from '@continuum/bus';
import { parseOr400 } from '@continuum/http';
import { familyOf, memberOf, personIdFor, type CaseDoc, type FamilyRecord, type Store } from '@continuum/store';
import { requireRole } from './access';
import { caseEntry, caseFor } from './cases.routes';

export const FamilyMemberParams = z.strictObject({ caseId: CaseId, personId: PersonId });

type Case = CaseDoc & { _id: string };
const ROLES = { mother: 'mother', child: 'children', household: 'household' } as const;

/**
 * A family record, kept true: the case's staff correct a member's data or add a child or another member of
 * the household, each with a reason, against the version they read. Each change is a version (who, when, why,
 * each field as it was and became), an entry of the case history and of the audit trail, and a
 * `case.family-changed` event (the people the follow-up covers are counted again).
 */
export function familyRoutes(store: Store, js: JetStreamClient, audit: RecordAudit): Router {
  const router = Router();

  router.patch('/cases/:caseId/family/:personId', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    requireRole(staff, ['caseworker', 'supervisor'], "correcting a family's data");
    const { personId } = parseOr400(FamilyMemberParams, req.params, 'person id');
    const body = parseOr400(CorrectFamilyMemberBody, req.body, 'correction');
    const found = memberOf(familyOf(doc._id, doc.family), personId);
    if (!found) throw new DomainError('NOT_FOUND', 'no such member of the family');
    // Parsed under `changes`, so an issue names the field as the body does (`changes.phone`); the changes as
    // sent, not the record's copy, which drops a "__proto__" key the strict schema must refuse.
    const sent = (req.body as { changes: unknown }).changes;
    const { changes } = parseOr400(z.strictObject({ changes: FAMILY_CORRECTIONS[found.role] }), { changes: sent }, 'correction') as {
      changes: Record<string, unknown>;
    };
    const hiv = Object.keys(changes).filter((field) => HIV_FIELDS[found.role].includes(field));
    if (hiv.length > 0) requireDisclosure(staff, doc);
    if (found.role === 'mother' && changes.hivStatus && (doc.family as { consent?: { granted?: boolean } }).consent?.granted !== true) {
      throw new DomainError('INVALID', 'invalid correction', [{ path: 'changes.hivStatus', message: 'may only be recorded with a granted consent' }]);
    }
    const family = await changeFamily(doc, staff, body, 'family-corrected', (next) => {
      const member = found.role === 'mother' ? next.mother : next[ROLES[found.role]][found.index]!;
      const fieldChanges: FamilyFieldChange[] = [];
      for (const [field, to] of Object.entries(changes)) {
        const from = member[field] ?? null;
        if (JSON.stringify(from) === JSON.stringify(to)) continue;
        fieldChanges.push({ personId, field, from, to });
        if (to === null) delete member[field];
        else member[field] = to;
      }
      return fieldChanges;
    });
    res.json(family);
  });

  router.post('/cases/:caseId/family', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    requireRole(staff, ['caseworker', 'supervisor'], 'adding a member of the family');
    const body = parseOr400(AddFamilyMemberBody, req.body, 'new member');
    const { role, ...fields } = body.member;
    if ('hivExposed' in fields) requireDisclosure(staff, doc);
    let personId = '';
    const family = await changeFamily(doc, staff, body, 'family-member-added', (next) => {
      const list = next[ROLES[role]];
      personId = personIdFor(doc._id, `${role}-${list.length}`);
      list.push({ ...fields, personId });
      return [{ personId, field: '(added)', from: null, to: { role, ...fields } }];
    });
    res.status(201).json({ personId, family });
  });

  /** The family record's versions, oldest first, through the same lens as the case view. */
  router.get('/cases/:caseId/family', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    const disclose = mayDiscloseHivStatus(staff, staff.discipline, doc.district, (doc.family as { consent?: never }).consent);
    const versions = await store.familyChanges.find({ caseId: doc._id }).sort({ version: 1 }).lean();
    await audit({ ...caseEntry(staff.sub, doc), action: 'read-family-versions', details: { hivStatus: disclose ? 'shown' : 'withheld' } });
    res.json({
      version: familyOf(doc._id, doc.family).version,
      versions: versions.map((v) => ({
        version: v.version,
        at: v.at.toISOString(),
        by: v.by,
        reason: v.reason,
        changes: (v.changes as FamilyFieldChange[]).map((c) => (disclose ? c : withheld(c))),
      })),
    });
  });

  /**
   * Applies one change to the family record, if it is still at the version the caller read: the record's
   * members and version (not its consent, which a withdrawal sets meanwhile), the change's version, the case
   * history, the audit trail and the event. Answers the family as it is now.
   */
  async function changeFamily(
    doc: Case,
    staff: StaffClaims,
    request: { version: number; reason: string },
    kind: 'family-corrected' | 'family-member-added',
    change: (next: FamilyRecord) => FamilyFieldChange[],
  ): Promise<FamilyRecord> {
    const family = familyOf(doc._id, doc.family);
    if (request.version !== family.version) {
      throw new DomainError('CONFLICT', `the family record is at version ${family.version} now, not ${request.version}: read the case again`);
    }
    const next = structuredClone(family);
    const changes = change(next);
    if (changes.length === 0) return family; // the same data again: nothing to record
    next.version = family.version + 1;
    const at = new Date();
    const id = `${doc._id}/family-v${next.version}`;
    // The version first: a record whose write then loses a race (409) is taken back; one stranded by a crash is overwritten by the next.
    await store.familyChanges.replaceOne(
      { _id: id },
      { caseId: doc._id, version: next.version, at, by: staff.sub, reason: request.reason, changes },
      { upsert: true },
    );
    const written = await store.cases.updateOne(
      { _id: doc._id, 'family.version': family.version === 0 ? { $in: [0, null] } : family.version },
      { $set: { 'family.mother': next.mother, 'family.children': next.children, 'family.household': next.household, 'family.version': next.version } },
    );
    if (written.matchedCount === 0) {
      await store.familyChanges.deleteOne({ _id: id });
      throw new DomainError('CONFLICT', 'the family record was changed meanwhile: read the case again');
    }
    const personIds = [...new Set(changes.map((c) => c.personId))];
    const fields = [...new Set(changes.map((c) => c.field))].filter((f) => f !== '(added)');
    await store.caseHistory.updateOne(
      { _id: id },
      { $setOnInsert: { caseId: doc._id, at, type: kind, by: staff.sub, details: { personIds, fields, version: next.version, reason: request.reason } } },
      { upsert: true },
    );
    await audit({
      ...caseEntry(staff.sub, doc),
      action: kind === 'family-corrected' ? 'correct-family-record' : 'add-family-member',
      reason: request.reason,
      at,
      details: { personIds, fields, version: next.version },
    });
    await publishEvent(js, { type: 'case.family-changed', eventId: id, occurredAt: at.toISOString(), caseId: doc._id, district: doc.district });
    return next;
  }

  return router;
}

/** Fields that tell of HIV are corrected only by whom the family's consent discloses them to. */
function requireDisclosure(staff: StaffClaims, doc: Case): void {
  if (!mayDiscloseHivStatus(staff, staff.discipline, doc.district, (doc.family as { consent?: never }).consent)) {
    throw new DomainError('FORBIDDEN', "the family's consent does not disclose HIV status to you");
  }
}

/** A change as a reader outside the consent sees it: what changed of an HIV field, never its values. */
function withheld(c: FamilyFieldChange): FamilyFieldChange {
  if (c.field === 'hivStatus' || c.field === 'hivExposed') return { ...c, from: WITHHELD, to: WITHHELD };
  if (c.field === '(added)' && c.to && typeof c.to === 'object' && 'hivExposed' in c.to) return { ...c, to: { ...c.to, hivExposed: WITHHELD } };
  return c;
}
