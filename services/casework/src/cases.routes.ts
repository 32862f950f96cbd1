import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import type { JetStreamClient } from 'nats';
import { forCase } from '@continuum/temporal';
import {
  BreakGlassBody,
  CaseId,
  CaseStage,
  caseWorkflowId,
  ChangePolicyBody,
  CloseCaseBody,
  DomainError,
  ReassignCaseBody,
  ReopenCaseBody,
  ReportFamilyEventBody,
  TransferCaseBody,
  type RecordAudit,
  type StaffClaims,
} from '@continuum/domain';
import { publishEvent } from '@continuum/bus';
import { parseOr400, staffOf } from '@continuum/http';
import { familyCounts, familyOf, type CaseDoc, type CaseVault, type Store } from '@continuum/store';
import { changePolicyUpdate, closeCaseUpdate, familyEventSignal, reassignCaseUpdate, reopenCaseUpdate, transferCaseUpdate } from '@continuum/workflows';
import { CASE_ROLES, notFound, requireDistrict, requireRole } from './access';
import { buildCaseView, hivStatusOf } from './case-view';
import { updateCase } from './workflow-calls';
import { consentOf, lensFor } from './code-lens';
import { CaseTaskListQuery, storedTypesSeenAs, taskPage } from './tasks.routes';
import { consentOnFile, type ChangeFamily, type SignedConsent } from './family-record';

export const CaseParams = z.strictObject({ caseId: CaseId });
export const CaseListQuery = z.strictObject({
  stage: CaseStage.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/** Cases: the list and view, family events, and the supervisor's requests (reassign, transfer, close, reopen, policy). */
export function caseRoutes(store: Store, temporal: Client, js: JetStreamClient, audit: RecordAudit, changeFamily: ChangeFamily, vault: CaseVault): Router {
  const router = Router();

  router.get('/cases', async (req, res) => {
    const staff = staffOf(req);
    requireRole(staff, CASE_ROLES, 'listing cases');
    const q = parseOr400(CaseListQuery, req.query, 'query');
    const where = { district: { $in: staff.districts }, ...(q.stage ? { stage: q.stage } : {}) };
    const [docs, total] = await Promise.all([
      store.cases
        .find(where, { district: 1, programme: 1, stage: 1, riskLevel: 1, caseManager: 1, openedAt: 1, outcome: 1, 'family.consent': 1 })
        .sort({ openedAt: -1, _id: 1 })
        .skip(q.offset)
        .limit(q.limit)
        .lean(),
      store.cases.countDocuments(where),
    ]);
    // No family data; the programme only to whom the family's consent reaches (its name tells of a diagnosis).
    const cases = docs.map((d) => ({
      caseId: d._id,
      district: d.district,
      programme: lensFor(staff, d.district, consentOf(d as { family?: unknown })).programme(d.programme),
      stage: d.stage,
      riskLevel: d.riskLevel,
      caseManager: d.caseManager ?? null,
      openedAt: d.openedAt,
      outcome: d.outcome ?? null,
    }));
    res.json({ cases, total, limit: q.limit, offset: q.offset });
  });

  router.get('/cases/:caseId', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    res.json(await buildCaseView(store, temporal, staff, doc, audit, vault));
  });

  /** The case's tasks, through its lens: a type filter is on the types as she sees them (an infant test is a contact outside the consent). */
  router.get('/cases/:caseId/tasks', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    const q = parseOr400(CaseTaskListQuery, req.query, 'query');
    const lens = lensFor(staff, doc.district, consentOf(doc as { family?: unknown }));
    const where: Record<string, unknown> = {
      caseId: doc._id,
      ...(q.status === 'any' ? {} : { status: q.status }),
      ...(q.type ? { type: { $in: storedTypesSeenAs(lens, q.type) } } : {}),
    };
    res.json(await taskPage(store, staff, where, q));
  });

  router.post('/cases/:caseId/events', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    requireRole(staff, ['caseworker', 'supervisor'], 'reporting a family event');
    const { event } = parseOr400(ReportFamilyEventBody, req.body, 'family event');
    if (event.type === 'moved' && event.toDistrict && !(await store.districts.exists({ _id: event.toDistrict }))) {
      throw new DomainError('INVALID', 'invalid family event', [{ path: 'event.toDistrict', message: 'unknown district' }]);
    }
    // A child is her place in the referral's list: one the family does not have would open reviews for nobody.
    const { children } = familyCounts(doc.family);
    if ('childIndex' in event && event.childIndex !== undefined && event.childIndex >= children) {
      throw new DomainError('INVALID', 'invalid family event', [{ path: 'event.childIndex', message: `the family has ${children} children in the referral` }]);
    }
    if (event.type === 'consent-withdrawn') await withdrawConsent(doc, staff, event.occurredOn);
    const reportId = randomUUID();
    await forCase(doc._id, () => temporal.workflow.getHandle(caseWorkflowId(doc._id)).signal(familyEventSignal, { reportId, reportedBy: staff.sub, event }));
    // Which event is not said: several (an infant's test) tell of a diagnosis; the case history has it.
    await audit({
      actor: staff.sub,
      action: 'report-family-event',
      caseId: doc._id,
      district: doc.district,
      details: { reportId, occurredOn: event.occurredOn },
    });
    res.status(202).json({ reportId, caseId: doc._id, type: event.type });
  });

  /**
   * Disclosure stops now, not when the workflow gets to it: the consent on file is withdrawn as a change of the
   * family record (a version, the history, the audit trail), against the record as it is (read again if a
   * correction got in between).
   */
  async function withdrawConsent(doc: CaseDoc & { _id: string }, staff: StaffClaims, occurredOn: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const now = attempt === 0 ? doc : await store.cases.findById(doc._id).lean();
      const family = familyOf(doc._id, now?.family);
      const consent = family.consent as { granted?: boolean; scope?: string[]; signedOn?: string; signedBy?: string } | null;
      if (!now || consent?.granted !== true) return;
      const withdrawn = { granted: false, scope: consent.scope ?? [], signedOn: consent.signedOn!, signedBy: consent.signedBy } as SignedConsent;
      try {
        await changeFamily(
          now,
          staff,
          { version: family.version, reason: 'consent withdrawn, reported as a family event' },
          'consent-changed',
          (next) => {
            next.consent = consentOnFile(withdrawn, staff.sub, occurredOn);
            return [{ personId: next.mother.personId, field: 'consent', from: consent, to: next.consent }];
          },
          { change: 'withdrawn', granted: false, scope: withdrawn.scope },
        );
        return;
      } catch (err) {
        if (!(err instanceof DomainError && err.kind === 'CONFLICT') || attempt >= 2) throw err;
      }
    }
  }

  router.post('/cases/:caseId/reassign', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    requireRole(staff, ['supervisor'], 'reassigning a case');
    const body = parseOr400(ReassignCaseBody, req.body, 'request');
    const assignee = await store.staff.findById(body.assigneeId, { roles: 1, districts: 1, active: 1 }).lean();
    if (!assignee || assignee.active === false || !assignee.roles.includes('caseworker') || !assignee.districts.includes(doc.district)) {
      throw new DomainError('INVALID', 'invalid request', [{ path: 'assigneeId', message: `no caseworker of ${doc.district} with this id` }]);
    }
    const answer = await updateCase(temporal, doc._id, reassignCaseUpdate, { ...body, requestedBy: staff.sub });
    await audit({ ...caseEntry(staff.sub, doc), action: 'reassign-case', reason: body.reason, details: { assigneeId: body.assigneeId } });
    res.json(answer);
  });

  router.post('/cases/:caseId/transfer', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    requireRole(staff, ['supervisor'], 'transferring a case');
    const body = parseOr400(TransferCaseBody, req.body, 'request');
    if (!(await store.districts.exists({ _id: body.toDistrict })))
      throw new DomainError('INVALID', 'invalid request', [{ path: 'toDistrict', message: 'unknown district' }]);
    const answer = await updateCase(temporal, doc._id, transferCaseUpdate, { ...body, requestedBy: staff.sub });
    await audit({ ...caseEntry(staff.sub, doc), action: 'transfer-case', reason: body.reason, details: { toDistrict: body.toDistrict } });
    res.status(202).json(answer);
  });

  router.post('/cases/:caseId/closure', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    requireRole(staff, ['caseworker', 'supervisor'], 'proposing closure');
    const body = parseOr400(CloseCaseBody, req.body, 'request');
    const answer = await updateCase(temporal, doc._id, closeCaseUpdate, { ...body, requestedBy: staff.sub });
    await audit({ ...caseEntry(staff.sub, doc), action: 'propose-closure', reason: body.reason });
    res.status(202).json(answer);
  });

  router.post('/cases/:caseId/reopen', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    requireRole(staff, ['supervisor'], 'reopening a case');
    const body = parseOr400(ReopenCaseBody, req.body, 'request');
    const answer = await updateCase(temporal, doc._id, reopenCaseUpdate, { ...body, requestedBy: staff.sub });
    await audit({ ...caseEntry(staff.sub, doc), action: 'reopen-case', reason: body.reason });
    res.json(answer);
  });

  /**
   * Break-glass: a supervisor of the case's district reads HIV status outside the consent, for a stated
   * reason. The audit entry is written before the answer leaves, and the district's supervisors are told.
   */
  router.post('/cases/:caseId/break-glass', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    requireRole(staff, ['supervisor'], 'a break-glass read');
    const { reason } = parseOr400(BreakGlassBody, req.body, 'request');
    const at = new Date();
    const auditId = await audit({ ...caseEntry(staff.sub, doc), action: 'break-glass-read-hiv-status', reason, at });
    try {
      await publishEvent(js, {
        type: 'case.break-glass',
        eventId: `${doc._id}/break-glass/${auditId}`,
        occurredAt: at.toISOString(),
        caseId: doc._id,
        district: doc.district,
        readBy: staff.sub,
        auditId,
      });
    } catch {
      // Nothing disclosed without the supervisors being told: the audit entry stays, the read is refused.
      throw new DomainError('UNAVAILABLE', 'the supervisors cannot be told right now; try again');
    }
    res.json({ caseId: doc._id, auditId, ...(await hivStatusOf(store, doc, vault)) });
  });

  router.post('/cases/:caseId/policy', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    requireRole(staff, ['supervisor'], 'moving a case to another policy');
    const body = parseOr400(ChangePolicyBody, req.body, 'request');
    const answer = await updateCase(temporal, doc._id, changePolicyUpdate, { ...body, requestedBy: staff.sub });
    // Not the versions: a version's name tells of the programme, and so of a diagnosis; the case history has them.
    await audit({ ...caseEntry(staff.sub, doc), action: 'change-policy', reason: body.reason });
    res.json(answer);
  });

  return router;
}

/** The who and where of an audit entry about a case. */
export const caseEntry = (actor: string, doc: { _id: string; district: string }) => ({ actor, caseId: doc._id, district: doc.district });

/**
 * The case, if the caller works cases in its district now: coordinators read indicators, never a family;
 * specialists see their conferences and tasks only. Another district's case is "no such case".
 */
export async function caseFor(req: Request, store: Store) {
  const staff = staffOf(req);
  requireRole(staff, CASE_ROLES, 'reading a case');
  // The case id alone: a route under the case names more (a member of its family).
  const { caseId } = parseOr400(CaseParams, { caseId: req.params.caseId }, 'case id');
  const doc = await store.cases.findById(caseId).lean();
  if (!doc) throw notFound('case');
  requireDistrict(staff, doc.district, 'case');
  return { staff, doc };
}
