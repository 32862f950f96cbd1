import { Router } from 'express';
import { z } from 'zod';
import {
  AddFamilyMemberBody,
  ChangeConsentBody,
  consentChange,
  CaseId,
  CorrectFamilyMemberBody,
  DomainError,
  FAMILY_CORRECTIONS,
  HIV_FIELDS,
  PersonId,
  WITHHELD,
  type FamilyFieldChange,
  type RecordAudit,
  type StaffClaims,
} from '@continuum/domain';
import { parseOr400 } from '@continuum/http';
import { familyOf, memberOf, openFamily, personIdFor, type CaseDoc, type CaseVault, type FamilyRecord, type Store } from '@continuum/store';
import { requireRole } from './access';
import { caseEntry, caseFor } from './cases.routes';
import { consentOnFile, sameConsent, type ChangeFamily } from './family-record';
import { disclosesHivStatus, memberAsSeen } from './code-lens';

export const FamilyMemberParams = z.strictObject({ caseId: CaseId, personId: PersonId });

type Case = CaseDoc & { _id: string };
const ROLES = { mother: 'mother', child: 'children', household: 'household' } as const;

/**
 * A family record, kept true: the case's staff correct a member's data or add a child or another member of
 * the household, each with a reason, against the version they read. Each change is a version (who, when, why,
 * each field as it was and became), an entry of the case history and of the audit trail, and a
 * `case.family-changed` event (the people the follow-up covers are counted again).
 */
export function familyRoutes(store: Store, changeFamily: ChangeFamily, audit: RecordAudit, vault: CaseVault): Router {
  const router = Router();

  router.patch('/cases/:caseId/family/:personId', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    requireRole(staff, ['caseworker', 'supervisor'], "correcting a family's data");
    const { personId } = parseOr400(FamilyMemberParams, req.params, 'person id');
    const body = parseOr400(CorrectFamilyMemberBody, req.body, 'correction');
    const found = memberOf(await openFamily(vault, doc._id, doc.family), personId);
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
    res.json(asSeenBy(staff, doc, family));
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
    res.status(201).json({ personId, family: asSeenBy(staff, doc, family) });
  });

  /**
   * The family's consent as signed now: granted again, narrowed, widened or withdrawn. It replaces the one on
   * file at once: the next read discloses (or withholds) by it, the next conference seats by it.
   */
  router.put('/cases/:caseId/consent', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    requireRole(staff, ['caseworker', 'supervisor'], "recording the family's consent");
    const { reason, version, ...signed } = parseOr400(ChangeConsentBody, req.body, 'consent');
    const from = familyOf(doc._id, doc.family).consent;
    const change = consentChange(from, signed);
    const family = await changeFamily(
      doc,
      staff,
      { version, reason },
      'consent-changed',
      (next) => {
        if (sameConsent(from, signed)) return [];
        next.consent = consentOnFile(signed, staff.sub);
        return [{ personId: next.mother.personId, field: 'consent', from, to: signed }];
      },
      { change, granted: signed.granted, scope: [...signed.scope] },
    );
    res.json({ consent: family.consent, version: family.version, change: sameConsent(from, signed) ? null : change });
  });

  /** The family record's versions, oldest first, through the same lens as the case view. */
  router.get('/cases/:caseId/family', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    const disclose = disclosesHivStatus(staff, doc);
    const versions = await store.familyChanges.find({ caseId: doc._id }).sort({ version: 1 }).lean();
    await audit({ ...caseEntry(staff.sub, doc), action: 'read-family-versions', details: { hivStatus: disclose ? 'shown' : 'withheld' } });
    res.json({
      version: familyOf(doc._id, doc.family).version,
      versions: await Promise.all(
        versions.map(async (v) => {
          // Null once the family is erased: who changed it and when stay, what and why do not.
          const opened = await vault.open<{ reason: string; changes: FamilyFieldChange[] }>(doc._id, v.sealed);
          return {
            version: v.version,
            at: v.at.toISOString(),
            by: v.by,
            reason: opened?.reason ?? null,
            changes: opened ? opened.changes.map((c) => (disclose ? c : withheld(c))) : null,
          };
        }),
      ),
    });
  });

  return router;
}

/** Fields that tell of HIV are corrected only by whom the family's consent discloses them to. */
function requireDisclosure(staff: StaffClaims, doc: Case): void {
  if (!disclosesHivStatus(staff, doc)) {
    throw new DomainError('FORBIDDEN', "the family's consent does not disclose HIV status to you");
  }
}

/** The family record as the case view shows it to this reader: HIV status withheld where the consent does not disclose it. */
function asSeenBy(staff: StaffClaims, doc: Case, family: FamilyRecord) {
  const disclose = disclosesHivStatus(staff, doc);
  return { ...family, mother: memberAsSeen(family.mother, disclose), children: family.children.map((c) => memberAsSeen(c, disclose)) };
}

/** A change as a reader outside the consent sees it: what changed of an HIV field, never its values. */
function withheld(c: FamilyFieldChange): FamilyFieldChange {
  if (c.field === 'hivStatus' || c.field === 'hivExposed') return { ...c, from: WITHHELD, to: WITHHELD };
  if (c.field === '(added)' && c.to && typeof c.to === 'object' && 'hivExposed' in c.to) return { ...c, to: { ...c.to, hivExposed: WITHHELD } };
  return c;
}
