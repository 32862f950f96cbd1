import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import {
  ConferenceDecisionsBody,
  ConferenceId,
  ConferenceInputBody,
  conferenceWorkflowId,
  ConveneConferenceBody,
  DeclineConferenceBody,
  DomainError,
  OPEN_CONFERENCE_STATES,
  type ConferenceState,
  type RecordAudit,
  type StaffClaims,
  type StaffRole,
} from '@continuum/domain';
import { parseOr400, staffOf } from '@continuum/http';
import type { CaseVault, ConferenceDoc, Store } from '@continuum/store';
import { conveneConferenceUpdate, declineConferenceUpdate, recordConferenceDecisionsUpdate, submitConferenceInputUpdate } from '@continuum/workflows';
import { caseNowFor, casesNow, notFound, requireDistrict, requireRole, worksCases, WORK_ROLES } from './access';
import { lensesOf, type CodeLens } from './code-lens';
import { caseFor } from './cases.routes';
import { updateCase, updateWorkflow } from './workflow-calls';

export const ConferenceParams = z.strictObject({ conferenceId: ConferenceId });
export const ConferenceListQuery = z.strictObject({
  when: z.enum(['upcoming', 'past']).default('upcoming').describe('upcoming: still open, soonest deadline first; past: decided or cancelled, latest first'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

type Conference = ConferenceDoc & { _id: string };

/**
 * Case conferences: convene one on a case, list them, read one, and a participant's input or decline and
 * the chair's decisions, each sent to the conference's workflow as an Update that rejects before writing.
 * Staff see the conferences of their districts; a participant seated from another district sees hers.
 */
export function conferenceRoutes(store: Store, temporal: Client, audit: RecordAudit, vault: CaseVault): Router {
  const router = Router();

  router.post('/cases/:caseId/conferences', async (req, res) => {
    const { staff, doc } = await caseFor(req, store);
    requireRole(staff, ['caseworker', 'supervisor'], 'convening a conference');
    const body = parseOr400(ConveneConferenceBody, req.body, 'request');
    const answer = await updateCase(temporal, doc._id, conveneConferenceUpdate, { ...body, requestedBy: staff.sub, roles: staff.roles });
    await audit({ actor: staff.sub, action: 'convene-conference', caseId: doc._id, district: doc.district, reason: body.reason });
    res.status(202).json(answer);
  });

  router.get('/conferences', async (req, res) => {
    const staff = staffOf(req);
    const q = parseOr400(ConferenceListQuery, req.query, 'query');
    // Specialists (and anyone else who does not work cases) see the conferences they sit on; the district's
    // staff all of its conferences. Two queries, each on its index, rather than one $or the store cannot index.
    const upcoming = q.when === 'upcoming';
    const states: ConferenceState[] = upcoming ? [...OPEN_CONFERENCE_STATES] : ['decided', 'cancelled'];
    const projection = { answers: 0, decisions: 0, reason: 0 };
    const [ofDistricts, sitsOnThem] = await Promise.all([
      worksCases(staff) ? store.conferences.find({ district: { $in: staff.districts }, state: { $in: states } }, projection).lean() : [],
      store.conferences.find({ participantIds: staff.sub, state: { $in: states } }, projection).lean(),
    ]);
    const byId = new Map([...ofDistricts, ...sitsOnThem].map((c) => [c._id, c as unknown as Conference]));
    const time = (c: Conference) => (upcoming ? c.inputDueAt : c.endedAt)?.getTime() ?? 0;
    const found = [...byId.values()].sort((a, b) => (upcoming ? time(a) - time(b) : time(b) - time(a)) || (a._id < b._id ? -1 : 1));
    // A conference of a case transferred away since is no longer the district's to see (unless she sits on it).
    const sitsOn = (c: Conference) => c.participants.some((p) => p.staffId === staff.sub);
    const cases = await casesNow(
      store,
      found.map((c) => c.caseId),
    );
    const stillHere = (c: Conference) => staff.districts.includes(cases.get(c.caseId)?.district ?? '');
    const visible = found.filter((c) => sitsOn(c) || stillHere(c));
    const lensOf = lensesOf(staff, cases);
    res.json({
      conferences: visible.slice(q.offset, q.offset + q.limit).map((c) => summaryOf(c, lensOf(c.caseId))),
      total: visible.length,
      limit: q.limit,
      offset: q.offset,
    });
  });

  router.get('/conferences/:conferenceId', async (req, res) => {
    const { staff, conference, lens, district } = await conferenceFor(req, store);
    await audit({ ...conferenceEntry(staff.sub, conference, district), action: 'read-conference' });
    // The reason, the inputs and the minutes are sealed under the case's key: opened for her.
    const said = await vault.openWithin(conference.caseId, { reason: conference.reason, answers: conference.answers, decisions: conference.decisions });
    res.json(detailOf({ ...conference, ...said }, lens));
  });

  router.post('/conferences/:conferenceId/input', async (req, res) => {
    const { staff, conference, district } = await conferenceFor(req, store);
    requireOpen(conference);
    const body = parseOr400(ConferenceInputBody, req.body, 'input');
    const answer = await updateWorkflow(
      temporal,
      conferenceWorkflowId(conference._id),
      submitConferenceInputUpdate,
      { ...body, requestedBy: staff.sub },
      'conference',
    );
    await audit({ ...conferenceEntry(staff.sub, conference, district), action: 'submit-conference-input' });
    res.json(answer);
  });

  router.post('/conferences/:conferenceId/decline', async (req, res) => {
    const { staff, conference, district } = await conferenceFor(req, store);
    requireOpen(conference);
    const body = parseOr400(DeclineConferenceBody, req.body, 'request');
    const answer = await updateWorkflow(
      temporal,
      conferenceWorkflowId(conference._id),
      declineConferenceUpdate,
      { ...body, requestedBy: staff.sub },
      'conference',
    );
    await audit({ ...conferenceEntry(staff.sub, conference, district), action: 'decline-conference', reason: body.reason });
    res.json(answer);
  });

  router.post('/conferences/:conferenceId/decisions', async (req, res) => {
    const { staff, conference, district } = await conferenceFor(req, store);
    requireOpen(conference);
    const body = parseOr400(ConferenceDecisionsBody, req.body, 'decisions');
    // Each owner must be someone who can see the task: staff of the case's district, or one of the participants.
    const ownerIds = [...new Set(body.actionItems.map((a) => a.ownerId))];
    const owners = await store.staff.find({ _id: { $in: ownerIds }, active: { $ne: false } }, { roles: 1, districts: 1 }).lean();
    const rolesOf = new Map<string, StaffRole[]>();
    for (const owner of owners) {
      const eligible = owner.districts.includes(conference.district) || conference.participants.some((p) => p.staffId === owner._id);
      const working = owner.roles.filter((r) => WORK_ROLES.includes(r as StaffRole)) as StaffRole[];
      if (eligible && working.length > 0) rolesOf.set(owner._id, working);
    }
    const unknown = body.actionItems.findIndex((a) => !rolesOf.has(a.ownerId));
    if (unknown >= 0) {
      throw new DomainError('INVALID', 'invalid decisions', [
        { path: `actionItems.${unknown}.ownerId`, message: `no staff of ${conference.district} or participant of the conference with this id` },
      ]);
    }
    const request = {
      ...body,
      requestedBy: staff.sub,
      roles: staff.roles,
      actionItems: body.actionItems.map((a) => ({ ...a, ownerRoles: rolesOf.get(a.ownerId)! })),
    };
    const answer = await updateWorkflow(temporal, conferenceWorkflowId(conference._id), recordConferenceDecisionsUpdate, request, 'conference');
    await audit({ ...conferenceEntry(staff.sub, conference, district), action: 'record-conference-decisions' });
    res.json(answer);
  });

  return router;
}

/** The who and where of an audit entry about a conference: its case's district as it is now. */
const conferenceEntry = (actor: string, conference: Conference, district: string) => ({
  actor,
  caseId: conference.caseId,
  district,
  details: { conferenceId: conference._id },
});

async function conferenceFor(req: Request, store: Store): Promise<{ staff: StaffClaims; conference: Conference; lens: CodeLens; district: string }> {
  const staff = staffOf(req);
  const { conferenceId } = parseOr400(ConferenceParams, req.params, 'conference id');
  const conference = (await store.conferences.findById(conferenceId).lean()) as Conference | null;
  if (!conference) throw notFound('conference');
  const now = await caseNowFor(store, staff, conference.caseId, conference.district);
  const { lens, district } = now;
  // Its participants, and those who work cases in the district the case is in now; to anyone else it does not exist.
  if (conference.participants.some((p) => p.staffId === staff.sub)) return { staff, conference, lens, district };
  if (!worksCases(staff)) throw notFound('conference');
  requireDistrict(staff, district, 'conference');
  return { staff, conference, lens, district };
}

/** A decided or cancelled conference's workflow has ended: say so, rather than that it is not running. */
function requireOpen(conference: Conference): void {
  if (!OPEN_CONFERENCE_STATES.includes(conference.state)) throw new DomainError('CONFLICT', `the conference is ${conference.state}`);
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function summaryOf(c: Conference, lens: CodeLens) {
  return {
    conferenceId: c._id,
    caseId: c.caseId,
    district: c.district,
    programme: lens.programme(c.programme),
    trigger: lens.trigger(c.trigger),
    urgent: c.urgent,
    state: c.state,
    chair: c.chair ?? null,
    convenedAt: iso(c.convenedAt),
    inputDueAt: iso(c.inputDueAt),
    rescheduled: c.rescheduledAt != null,
    participants: c.participants.map((p) => ({ staffId: p.staffId, discipline: lens.discipline(p.discipline), fromCity: p.fromCity })),
  };
}

/** The whole conference: who answered what, and the decisions. For its participants and the district's staff. */
function detailOf(c: Conference, lens: CodeLens) {
  const answers = (c.answers ?? {}) as Record<string, { answer: string; text: string; recommendsClosure: boolean; at: Date }>;
  return {
    ...summaryOf(c, lens),
    alsoTriggeredBy: (c.alsoTriggeredBy ?? []).map((t) => lens.trigger(t)),
    reason: c.reason ?? null,
    quorum: c.quorum.map((d) => lens.discipline(d)),
    unfilled: (c.unfilled ?? []).map((d) => lens.discipline(d)),
    participants: c.participants.map((p) => {
      const a = answers[String(p.seat)];
      return {
        staffId: p.staffId,
        discipline: lens.discipline(p.discipline),
        fromCity: p.fromCity,
        taskId: p.taskId,
        answer: a?.answer ?? 'waiting',
        ...(a ? { text: a.text, recommendsClosure: a.recommendsClosure, answeredAt: iso(new Date(a.at)) } : {}),
      };
    }),
    remindedAt: ((c.remindedAt ?? []) as unknown as Date[]).map((d) => iso(new Date(d))),
    decidedAt: iso(c.decidedAt),
    decisions: c.decisions ?? null,
  };
}
