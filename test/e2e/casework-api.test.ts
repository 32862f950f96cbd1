import { AnsweredTask, TaskListAnswer, type AuditAction, type ReferralInput } from '@continuum/domain';
import { conforming } from '../harness/answers';
import { casework } from '../harness/casework';
import { caseEvents } from '../harness/nats-reader';
import { hivReferral } from '../harness/referrals';
import { eventually, openTestSystem, type HttpAnswer, type OpenTestSystem } from '../harness/system';

/*
 * The casework API as staff use it: the inbox, claiming and assigning tasks, deadline extensions, the
 * supervisor's case requests, family events, and the case view with its HIV-status disclosure rules.
 * Every rejected call is checked to have changed nothing: the case, its tasks, its history and its audit.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const iso = (ms: number): string => new Date(ms).toISOString();
/** Referred a minute ago: the first contact is due within 3 working days, so neither overdue nor late. */
const recentReferral = (overrides: Partial<ReferralInput> = {}) => hivReferral({ referredAt: iso(Date.now() - 60_000), ...overrides });
const otherCaseworker = (staffId: string) => (staffId === 'sw-nevsky-1' ? 'sw-nevsky-2' : 'sw-nevsky-1');
const issuePaths = (answer: HttpAnswer): string[] => ((answer.body?.issues ?? []) as Array<{ path: string }>).map((i) => i.path);
const idsOf = (tasks: Array<{ taskId: string }>): string[] => tasks.map((x) => x.taskId);

let t: OpenTestSystem;
let cw: ReturnType<typeof casework>;
beforeAll(async () => {
  t = await openTestSystem();
  cw = casework(t);
});
afterAll(() => t.close());

/** Everything a request could change about a case, as stored. Rejected requests must leave it equal. */
async function snapshot(caseId: string) {
  await t.auditSealed();
  const [caseDoc, tasks, history, audit] = await Promise.all([
    t.store.cases.findById(caseId).lean(),
    t.store.tasks.find({ caseId }).sort({ _id: 1 }).lean(),
    t.store.caseHistory.find({ caseId }).sort({ _id: 1 }).lean(),
    t.store.audit.find({ caseId }).sort({ _id: 1 }).lean(),
  ]);
  return { caseDoc, tasks, history, audit };
}

const taskDoc = async (taskId: string) => (await t.store.tasks.findById(taskId).lean())!;
const caseDoc = async (caseId: string) => (await t.store.cases.findById(caseId).lean())!;
/** Entries of the case's audit trail, once the sealer has copied in all there are. */
async function auditCount(caseId: string, action: AuditAction, actor?: string, details: Record<string, unknown> = {}) {
  await t.auditSealed();
  const detailFilter = Object.fromEntries(Object.entries(details).map(([k, v]) => [`details.${k}`, v]));
  return t.store.audit.countDocuments({ caseId, action, ...(actor ? { actor } : {}), ...detailFilter });
}

/**
 * A case of spb-nevsky accepted by its supervisor and at rest: a case manager, and the first-contact task
 * open and assigned to them (the workflow writes nothing more until a deadline or a request).
 */
async function acceptedCase(referral: ReferralInput = recentReferral()) {
  const caseId = await cw.referAndAccept(referral, 'sup-spb-north');
  return settledFirstContact(caseId);
}

async function settledFirstContact(caseId: string) {
  const task = await eventually(async () => {
    const open = await t.store.tasks.findOne({ caseId, type: 'first-contact', status: 'open' }).lean();
    return open && (open.assigneeId ?? null) !== null ? open : undefined;
  }, `an assigned first-contact task of ${caseId}`);
  const manager = task.assigneeId as string;
  expect((await caseDoc(caseId)).caseManager).toBe(manager);
  return { caseId, taskId: task._id as string, dueAt: task.dueAt as Date, manager, other: otherCaseworker(manager) };
}

/** A referral left waiting for review: its referral-review task is open and in nobody's hands. */
async function referralUnderReview(referral: ReferralInput = recentReferral()) {
  const caseId = await cw.refer(referral);
  const review = await cw.openTask(caseId, 'referral-review');
  expect(review.assigneeId ?? null).toBeNull();
  return { caseId, reviewId: review._id };
}

// Every 200 answer of the inbox, a claim and an assignment is the schema the OpenAPI document promises.
const inbox = async (staff: string | undefined, query: Record<string, string | number> = {}) =>
  conforming(
    TaskListAnswer,
    await cw.api('GET', `/tasks?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`, staff),
    'the inbox',
  );

/** Every task of an inbox query, page by page, checking that the pages agree on the total. */
async function wholeInbox(staff: string, query: Record<string, string | number> = {}): Promise<any[]> {
  const tasks: any[] = [];
  let total = Infinity;
  for (let offset = 0; offset < total; offset += 200) {
    const page = await inbox(staff, { ...query, limit: 200, offset });
    expect(page.status).toBe(200);
    total = page.body.total;
    tasks.push(...page.body.tasks);
  }
  expect(tasks).toHaveLength(total);
  return tasks;
}

const claim = async (taskId: string, staff: string) => conforming(AnsweredTask, await cw.api('POST', `/tasks/${taskId}/claim`, staff), 'a claim');
const assign = async (taskId: string, staff: string, assigneeId: string) =>
  conforming(AnsweredTask, await cw.api('POST', `/tasks/${taskId}/assign`, staff, { assigneeId }), 'an assignment');
const extend = (taskId: string, staff: string, dueAt: string, reason = 'the mother is in hospital until Friday') =>
  cw.api('POST', `/tasks/${taskId}/extend`, staff, { dueAt, reason });
const request = (caseId: string, what: string, staff: string | undefined, body: unknown) => cw.api('POST', `/cases/${caseId}/${what}`, staff, body);
const report = (caseId: string, staff: string, event: unknown) => request(caseId, 'events', staff, { event });
const view = (caseId: string, staff: string | undefined) => cw.api('GET', `/cases/${caseId}`, staff);

/**
 * A caseworker task nobody holds: an intent to abandon reported while the referral still waits for review
 * opens an urgent visit before the case has a manager.
 */
async function unassignedVisit() {
  const { caseId } = await referralUnderReview();
  expect((await report(caseId, 'sw-nevsky-1', { type: 'intent-to-abandon', occurredOn: '2026-11-21' })).status).toBe(202);
  const visit = await cw.openTask(caseId, 'contact');
  expect(visit).toMatchObject({ subject: 'urgent-visit', doneBy: ['caseworker'], priority: 3 });
  expect(visit.assigneeId ?? null).toBeNull();
  // The intent also convenes a conference, whose input tasks land a moment later: wait for them, so an
  // inbox read page by page does not see the total change under it.
  await eventually(async () => {
    const conference = await t.store.conferences.findOne({ caseId }).lean();
    if (!conference || (await t.store.tasks.countDocuments({ caseId, type: 'conference-input' })) !== conference.participants.length) return false;
    // Its history entry is written after the input tasks: then the convening is over.
    return (await t.store.caseHistory.exists({ caseId, type: 'conference-convened' })) !== null;
  }, 'the conference the intent convened, with its input tasks and its history entry');
  return { caseId, visitId: visit._id };
}

describe('the inbox', () => {
  it('mine: the case manager sees their first-contact task, the other caseworker does not', async () => {
    const { taskId, manager, other } = await acceptedCase();
    const mine = await wholeInbox(manager, { filter: 'mine' });
    expect(idsOf(mine)).toContain(taskId);
    expect(mine.filter((x) => x.assigneeId !== manager)).toEqual([]);
    const theirs = await wholeInbox(other, { filter: 'mine' });
    expect(idsOf(theirs)).not.toContain(taskId);
    expect(theirs.filter((x) => x.assigneeId !== other)).toEqual([]);
  });

  it('unassigned: the referral review is in the supervisor’s pool, not in a caseworker’s', async () => {
    const { reviewId } = await referralUnderReview();
    const { visitId } = await unassignedVisit(); // a caseworker task in nobody's hands, for contrast
    const supervisors = await wholeInbox('sup-spb-north', { filter: 'unassigned' });
    expect(idsOf(supervisors)).toContain(reviewId);
    expect(idsOf(supervisors)).not.toContain(visitId);
    expect(supervisors.filter((x) => !(x.assigneeId === null && x.doneBy.includes('supervisor')))).toEqual([]);
    const caseworkers = await wholeInbox('sw-nevsky-1', { filter: 'unassigned' });
    expect(idsOf(caseworkers)).not.toContain(reviewId);
    expect(idsOf(caseworkers)).toContain(visitId);
    expect(caseworkers.filter((x) => !(x.assigneeId === null && x.doneBy.includes('caseworker')))).toEqual([]);
    // Without a filter the caseworker does see the review: it is the filter that leaves it out.
    expect(idsOf(await wholeInbox('sw-nevsky-1'))).toContain(reviewId);
  });

  it('overdue and due-soon: a referral of ten days ago is overdue, one of a minute ago is due soon', async () => {
    const late = await acceptedCase(hivReferral({ referredAt: iso(Date.now() - 10 * DAY_MS) }));
    const fresh = await acceptedCase();
    expect(late.dueAt.getTime()).toBeLessThan(Date.now());

    const overdue = await wholeInbox('sw-nevsky-1', { filter: 'overdue', district: 'spb-nevsky' });
    const dueSoon = await wholeInbox('sw-nevsky-1', { filter: 'due-soon', district: 'spb-nevsky' });
    const now = Date.now();
    expect(idsOf(overdue)).toContain(late.taskId);
    expect(idsOf(overdue)).not.toContain(fresh.taskId);
    expect(idsOf(dueSoon)).toContain(fresh.taskId);
    expect(idsOf(dueSoon)).not.toContain(late.taskId);
    expect(overdue.filter((x) => !(Date.parse(x.dueAt) < now))).toEqual([]);
    expect(dueSoon.filter((x) => !(Date.parse(x.dueAt) >= now - 60_000 && Date.parse(x.dueAt) < now + 7 * DAY_MS))).toEqual([]);
  });

  it('sort=priority puts an urgent case’s task before a medium one that is due earlier', async () => {
    // Urgent: accepted at once, first contact due in 24 h. Medium (two factors of weight 1): due days ago.
    const urgentId = await cw.refer(recentReferral({ urgent: true }));
    const urgent = await settledFirstContact(urgentId);
    const medium = await acceptedCase(hivReferral({ referredAt: iso(Date.now() - 5 * DAY_MS), riskFactors: ['single-mother', 'poverty'] }));
    expect(await caseDoc(urgent.caseId)).toMatchObject({ riskLevel: 'urgent', stage: 'first-contact' });
    expect(await caseDoc(medium.caseId)).toMatchObject({ riskLevel: 'medium' });
    expect(await taskDoc(urgent.taskId)).toMatchObject({ priority: 3 });
    expect(await taskDoc(medium.taskId)).toMatchObject({ priority: 1 });
    // The urgent case never had a referral review.
    expect(await t.store.tasks.countDocuments({ caseId: urgent.caseId, type: 'referral-review' })).toBe(0);

    const byDue = idsOf(await wholeInbox('sup-spb-north', { district: 'spb-nevsky' }));
    expect(byDue.indexOf(medium.taskId)).toBeGreaterThanOrEqual(0);
    expect(byDue.indexOf(medium.taskId)).toBeLessThan(byDue.indexOf(urgent.taskId));

    const byPriority = await wholeInbox('sup-spb-north', { district: 'spb-nevsky', sort: 'priority' });
    const order = idsOf(byPriority);
    expect(order.indexOf(urgent.taskId)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(urgent.taskId)).toBeLessThan(order.indexOf(medium.taskId));
    for (let i = 1; i < byPriority.length; i++) {
      const [a, b] = [byPriority[i - 1], byPriority[i]];
      expect(a.priority > b.priority || (a.priority === b.priority && Date.parse(a.dueAt) <= Date.parse(b.dueAt))).toBe(true);
    }
  });

  it('pages with total, limit and offset', async () => {
    for (let i = 0; i < 3; i++) await referralUnderReview(); // at least 3 open tasks, whatever ran before
    await acceptedCase();
    const all = await wholeInbox('sup-spb-north', { district: 'spb-nevsky' });
    expect(all.length).toBeGreaterThanOrEqual(4);

    const first = await inbox('sup-spb-north', { district: 'spb-nevsky', limit: 2, offset: 0 });
    const second = await inbox('sup-spb-north', { district: 'spb-nevsky', limit: 2, offset: 2 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: all.length, limit: 2, offset: 0 });
    expect(second.body).toMatchObject({ total: all.length, limit: 2, offset: 2 });
    expect(idsOf(first.body.tasks)).toEqual(idsOf(all.slice(0, 2)));
    expect(idsOf(second.body.tasks)).toEqual(idsOf(all.slice(2, 4)));

    const beyond = await inbox('sup-spb-north', { district: 'spb-nevsky', limit: 2, offset: all.length });
    expect(beyond.body).toMatchObject({ tasks: [], total: all.length, offset: all.length });
  });

  it('answers 403 for a district outside the token, 400 naming the field for a bad query, 401 without a token', async () => {
    const outside = await inbox('sw-nevsky-1', { district: 'spb-vyborgsky' });
    expect(outside.status).toBe(403);
    expect(outside.body.error).toBe('FORBIDDEN');
    expect((await inbox('sup-spb-north', { district: 'kz-almaty-bostandyk' })).status).toBe(403);

    const noLimit = await inbox('sw-nevsky-1', { limit: 0 });
    expect(noLimit.status).toBe(400);
    expect(issuePaths(noLimit)).toEqual(['limit']);
    const bogus = await inbox('sw-nevsky-1', { filter: 'bogus' });
    expect(bogus.status).toBe(400);
    expect(issuePaths(bogus)).toEqual(['filter']);
    expect((await inbox('sw-nevsky-1', { limit: 201 })).status).toBe(400);
    expect((await inbox('sw-nevsky-1', { sort: 'random' })).status).toBe(400);

    expect((await inbox(undefined)).status).toBe(401);
    expect((await inbox(undefined, { filter: 'mine' })).status).toBe(401);
  });
});

describe('claiming and assigning a task', () => {
  it('the unassigned referral review: a caseworker may not claim it (403), the supervisor may (200)', async () => {
    const { caseId, reviewId } = await referralUnderReview();
    const before = await snapshot(caseId);
    const byCaseworker = await claim(reviewId, 'sw-nevsky-1');
    expect(byCaseworker.status).toBe(403);
    expect(await snapshot(caseId)).toEqual(before);

    const bySupervisor = await claim(reviewId, 'sup-spb-north');
    expect(bySupervisor.status).toBe(200);
    expect(bySupervisor.body).toMatchObject({ taskId: reviewId, assigneeId: 'sup-spb-north', status: 'open' });
    expect(await taskDoc(reviewId)).toMatchObject({ assigneeId: 'sup-spb-north', status: 'open' });
    // Claiming one's own task again is harmless.
    expect((await claim(reviewId, 'sup-spb-north')).status).toBe(200);
    // Now it is the supervisor's, it has left the pool.
    expect(idsOf(await wholeInbox('sup-spb-north', { filter: 'unassigned' }))).not.toContain(reviewId);
  });

  it('a task assigned to the case manager: the other caseworker’s claim is a 409 that changes nothing', async () => {
    const { caseId, taskId, manager, other } = await acceptedCase();
    const before = await snapshot(caseId);
    const answer = await claim(taskId, other);
    expect(answer.status).toBe(409);
    expect(answer.body.error).toBe('CONFLICT');
    expect(await snapshot(caseId)).toEqual(before);
    expect((await claim(taskId, manager)).status).toBe(200);
    expect((await claim(taskId, 'sw-almaty-1')).status).toBe(404); // another district's: as if it did not exist
    expect(await snapshot(caseId)).toEqual(before);
  });

  it('an urgent visit opened before the review is a caseworker task in nobody’s hands: claimable once', async () => {
    const { caseId, visitId } = await unassignedVisit();
    const first = await claim(visitId, 'sw-nevsky-2');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ taskId: visitId, assigneeId: 'sw-nevsky-2' });
    const claimed = await snapshot(caseId);
    const second = await claim(visitId, 'sw-nevsky-1');
    expect(second.status).toBe(409);
    expect(second.body.message).toContain('sw-nevsky-2');
    expect(await snapshot(caseId)).toEqual(claimed);
    expect(idsOf(await wholeInbox('sw-nevsky-1', { filter: 'unassigned' }))).not.toContain(visitId);
  });

  // FerretDB's SQLite backend does not make a conditional findAndModify atomic; claims are serialised by a
  // unique claim id instead (services/casework/src/tasks.routes.ts, handOver). Run it a few times to trust it.
  it('an unassigned caseworker task claimed by three caseworkers at once: one 200, two 409', async () => {
    const { visitId } = await unassignedVisit();
    const claimers = ['sw-nevsky-1', 'sw-nevsky-2', 'psy-nevsky-1'];
    const answers = await Promise.all(claimers.map((staff) => claim(visitId, staff)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const winner = claimers[answers.findIndex((a) => a.status === 200)];
    expect(answers.find((a) => a.status === 200)!.body.assigneeId).toBe(winner);
    expect(await taskDoc(visitId)).toMatchObject({ assigneeId: winner, status: 'open' });
  });

  it('assign: a caseworker may not (403); another district’s caseworker is a 400 on assigneeId; a team member is assigned', async () => {
    const { caseId, taskId, manager, other } = await acceptedCase();
    const before = await snapshot(caseId);

    const byCaseworker = await assign(taskId, manager, other);
    expect(byCaseworker.status).toBe(403);
    const elsewhere = await assign(taskId, 'sup-spb-north', 'sw-almaty-1');
    expect(elsewhere.status).toBe(400);
    expect(issuePaths(elsewhere)).toEqual(['assigneeId']);
    // A supervisor is not a caseworker, and nobody is nobody.
    expect(issuePaths(await assign(taskId, 'sup-spb-north', 'sup-spb-north'))).toEqual(['assigneeId']);
    expect(issuePaths(await assign(taskId, 'sup-spb-north', 'nobody-1'))).toEqual(['assigneeId']);
    expect((await assign(taskId, 'sup-almaty', 'sw-almaty-1')).status).toBe(404);
    expect(await snapshot(caseId)).toEqual(before);

    // sw-nevsky-2 unless they manage the case already, so that the change shows.
    const answer = await assign(taskId, 'sup-spb-north', other);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ taskId, assigneeId: other });
    expect(await taskDoc(taskId)).toMatchObject({ assigneeId: other, status: 'open' });
  });
});

describe('extending a deadline', () => {
  it('by the assignee, later and with a reason: the task, its extensions and the audit record it', async () => {
    const { caseId, taskId, dueAt, manager } = await acceptedCase();
    const newDueAt = iso(dueAt.getTime() + 2 * DAY_MS);
    const answer = await extend(taskId, manager, newDueAt, 'the mother is in hospital until Friday');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ taskId, dueAt: newDueAt });

    const task = await taskDoc(taskId);
    expect(task.dueAt.toISOString()).toBe(newDueAt);
    expect(task.extensions).toHaveLength(1);
    // The reason is sealed under the case's key.
    expect(task.extensions[0]!.reason).not.toContain('hospital');
    expect(await t.vault.openWithin(task.caseId, task.extensions[0])).toMatchObject({
      from: dueAt,
      to: new Date(newDueAt),
      reason: 'the mother is in hospital until Friday',
      by: manager,
    });
    await t.auditSealed();
    const audit = await t.store.audit.find({ caseId, action: 'extend-deadline' }).lean();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: manager, district: 'spb-nevsky', details: { taskId, to: newDueAt } });
    // The reason is kept sealed (it may name the family), and opens for whoever reads the trail.
    expect(audit[0]!.raw).not.toContain('hospital');
    expect(await t.auditReason(audit[0])).toBe('the mother is in hospital until Friday');
    // The workflow knows the new deadline too.
    expect((await view(caseId, manager)).body.waitingFor.tasks).toEqual([{ taskId, type: 'first-contact', dueAt: newDueAt }]);
  });

  it('to an earlier or the same deadline: 400 on dueAt; a reason of spaces: 400 on reason; nothing changes', async () => {
    const { caseId, taskId, dueAt, manager } = await acceptedCase();
    const before = await snapshot(caseId);
    const earlier = await extend(taskId, manager, iso(dueAt.getTime() - HOUR_MS));
    expect(earlier.status).toBe(400);
    expect(issuePaths(earlier)).toEqual(['dueAt']);
    const same = await extend(taskId, manager, dueAt.toISOString());
    expect(same.status).toBe(400);
    expect(issuePaths(same)).toEqual(['dueAt']);
    const blank = await extend(taskId, manager, iso(dueAt.getTime() + DAY_MS), '      ');
    expect(blank.status).toBe(400);
    expect(issuePaths(blank)).toEqual(['reason']);
    expect(await snapshot(caseId)).toEqual(before);
    expect(await auditCount(caseId, 'extend-deadline')).toBe(0);
  });

  it('by a caseworker who is neither the assignee nor a supervisor: 403, nothing changes', async () => {
    const { caseId, taskId, dueAt, other } = await acceptedCase();
    const before = await snapshot(caseId);
    const answer = await extend(taskId, other, iso(dueAt.getTime() + DAY_MS));
    expect(answer.status).toBe(403);
    expect((await extend(taskId, 'psy-nevsky-1', iso(dueAt.getTime() + DAY_MS))).status).toBe(403);
    expect(await snapshot(caseId)).toEqual(before);
    // The supervisor may, though.
    expect((await extend(taskId, 'sup-spb-north', iso(dueAt.getTime() + DAY_MS))).status).toBe(200);
  });
});

describe('case requests', () => {
  const reason = 'a reason the supervisor gives';

  it('reassign: not by a caseworker (403); by the supervisor the case and its open task change hands, the reason kept', async () => {
    const { caseId, taskId, manager, other } = await acceptedCase();
    const before = await snapshot(caseId);
    expect((await request(caseId, 'reassign', manager, { assigneeId: other, reason })).status).toBe(403);
    const elsewhere = await request(caseId, 'reassign', 'sup-spb-north', { assigneeId: 'sw-almaty-1', reason });
    expect(elsewhere.status).toBe(400);
    expect(issuePaths(elsewhere)).toEqual(['assigneeId']);
    expect(await snapshot(caseId)).toEqual(before);

    const answer = await request(caseId, 'reassign', 'sup-spb-north', { assigneeId: other, reason });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ caseManager: other });
    expect((await caseDoc(caseId)).caseManager).toBe(other);
    expect(await taskDoc(taskId)).toMatchObject({ assigneeId: other, status: 'open' });
    // The case history keeps who reassigned it and why.
    // (Its reason sealed under the case's key, as every word staff write.)
    expect(await t.vault.openWithin(caseId, await t.store.caseHistory.findOne({ caseId, type: 'case-assigned', by: 'sup-spb-north' }).lean())).toMatchObject({
      details: { caseManager: other, reason },
    });
  });

  it('transfer: an unknown or its own district is a 400; one to spb-vyborgsky waits for that district (202); a second is a 409', async () => {
    const { caseId, manager } = await acceptedCase();
    const before = await snapshot(caseId);
    const unknown = await request(caseId, 'transfer', 'sup-spb-north', { toDistrict: 'spb-nowhere', reason });
    expect(unknown.status).toBe(400);
    expect(issuePaths(unknown)).toEqual(['toDistrict']);
    const own = await request(caseId, 'transfer', 'sup-spb-north', { toDistrict: 'spb-nevsky', reason });
    expect(own.status).toBe(400);
    expect(issuePaths(own)).toEqual(['toDistrict']);
    expect((await request(caseId, 'transfer', manager, { toDistrict: 'spb-vyborgsky', reason })).status).toBe(403);
    expect(await snapshot(caseId)).toEqual(before);

    const answer = await request(caseId, 'transfer', 'sup-spb-north', { toDistrict: 'spb-vyborgsky', reason });
    expect(answer.status).toBe(202);
    expect(await taskDoc(answer.body.taskId)).toMatchObject({
      caseId,
      type: 'transfer-acceptance',
      status: 'open',
      district: 'spb-vyborgsky',
      doneBy: ['supervisor'],
      subject: 'spb-vyborgsky',
    });
    // Who asked, and why, stay in the case history.
    expect(await t.vault.openWithin(caseId, await t.store.caseHistory.findOne({ caseId, type: 'transfer-requested' }).lean())).toMatchObject({
      by: 'sup-spb-north',
      details: { taskId: answer.body.taskId, subject: 'spb-vyborgsky', reason },
    });
    // Until the receiving district accepts, the case stays where it is.
    expect((await caseDoc(caseId)).district).toBe('spb-nevsky');

    const pending = await snapshot(caseId);
    const second = await request(caseId, 'transfer', 'sup-spb-north', { toDistrict: 'spb-kolpinsky', reason });
    expect(second.status).toBe(409);
    expect((await request(caseId, 'transfer', 'sup-spb-north', { toDistrict: 'spb-vyborgsky', reason })).status).toBe(409);
    expect(await snapshot(caseId)).toEqual(pending);
  });

  it('closure: referral-rejected is not a closure one asks for (400); a request opens a closure approval (202); a second is a 409', async () => {
    const { caseId, manager } = await acceptedCase();
    const before = await snapshot(caseId);
    const rejected = await request(caseId, 'closure', manager, { outcome: 'referral-rejected', reason });
    expect(rejected.status).toBe(400);
    expect(issuePaths(rejected)).toEqual(['outcome']);
    expect(await snapshot(caseId)).toEqual(before);

    const answer = await request(caseId, 'closure', manager, { outcome: 'moved-away', reason });
    expect(answer.status).toBe(202);
    expect(await taskDoc(answer.body.taskId)).toMatchObject({
      caseId,
      type: 'closure-approval',
      status: 'open',
      doneBy: ['supervisor'],
      subject: 'moved-away',
    });
    expect(await t.vault.openWithin(caseId, await t.store.caseHistory.findOne({ caseId, type: 'closure-proposed' }).lean())).toMatchObject({
      by: manager,
      details: { taskId: answer.body.taskId, subject: 'moved-away', reason },
    });

    const pending = await snapshot(caseId);
    expect((await request(caseId, 'closure', 'sup-spb-north', { outcome: 'refused', reason })).status).toBe(409);
    expect(await snapshot(caseId)).toEqual(pending);
    expect((await caseDoc(caseId)).outcome ?? null).toBeNull();
  });

  it('reopen of a case that is open: 409 (and 403 for a caseworker)', async () => {
    const { caseId, manager } = await acceptedCase();
    const before = await snapshot(caseId);
    const answer = await request(caseId, 'reopen', 'sup-spb-north', { reason });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toBe('CONFLICT');
    expect((await request(caseId, 'reopen', manager, { reason })).status).toBe(403);
    expect(await snapshot(caseId)).toEqual(before);
  });

  it('policy change: another programme’s 400, an unknown 404, its own 409, drill 400; nothing changes', async () => {
    const { caseId, manager } = await acceptedCase();
    const before = await snapshot(caseId);
    expect(before.caseDoc?.policyVersion).toBe('spb-2026.4');
    const move = (toVersion: string, staff = 'sup-spb-north') => request(caseId, 'policy', staff, { toVersion, reason });
    expect((await move('kz-2026.3')).status).toBe(400);
    expect((await move('nope-1')).status).toBe(404);
    expect((await move('spb-2026.4')).status).toBe(409);
    expect((await move('spb-2026.3-drill')).status).toBe(400);
    expect((await move('spb-2026.2', manager)).status).toBe(403);
    expect(await snapshot(caseId)).toEqual(before);
    expect(await auditCount(caseId, 'change-policy')).toBe(0);
  });

  it('on another district’s case 404 as on an unknown case, with a malformed case id 400', async () => {
    const { caseId, taskId } = await acceptedCase();
    const before = await snapshot(caseId);
    const bodies: Record<string, unknown> = {
      reassign: { assigneeId: 'sw-almaty-1', reason },
      transfer: { toDistrict: 'kz-almaty-bostandyk', reason },
      closure: { outcome: 'moved-away', reason },
      reopen: { reason },
      policy: { toVersion: 'spb-2026.2-drill', reason },
      events: { event: { type: 'hospital-stay', occurredOn: '2026-11-21', who: 'mother' } },
    };
    for (const [what, body] of Object.entries(bodies)) {
      expect([what, (await request(caseId, what, 'sup-almaty', body)).status]).toEqual([what, 404]);
      expect([what, (await request('case-0123456789abcdef0123', what, 'sup-spb-north', body)).status]).toEqual([what, 404]);
      const malformed = await request('case-42', what, 'sup-spb-north', body);
      expect([what, malformed.status, issuePaths(malformed)]).toEqual([what, 400, ['caseId']]);
    }
    expect((await claim(taskId, 'sup-almaty')).status).toBe(404);
    expect(await snapshot(caseId)).toEqual(before);
  });
});

describe('family events', () => {
  it('an invalid event is a 400 that reaches neither the history nor the bus; a valid one is recorded and published', async () => {
    const { caseId, manager } = await acceptedCase();
    const before = await snapshot(caseId);
    const unknown = await report(caseId, manager, { type: 'won-the-lottery', occurredOn: '2026-11-21' });
    expect(unknown.status).toBe(400);
    expect(issuePaths(unknown)).toEqual(['event.type']);
    const noChild = await report(caseId, manager, {
      type: 'child-hiv-test-result',
      occurredOn: '2026-11-21',
      result: 'negative',
      test: 'pcr',
      milestone: '6-weeks',
    });
    expect(noChild.status).toBe(400);
    expect(issuePaths(noChild)).toEqual(['event.childIndex']);
    const nowhere = await report(caseId, manager, { type: 'moved', occurredOn: '2026-11-21', toDistrict: 'spb-nowhere' });
    expect(nowhere.status).toBe(400);
    expect(issuePaths(nowhere)).toEqual(['event.toDistrict']);
    expect(await snapshot(caseId)).toEqual(before);
    const historyBefore = await t.store.caseHistory.countDocuments({ caseId });

    const answer = await report(caseId, manager, { type: 'hospital-stay', occurredOn: '2026-11-21', who: 'mother' });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ caseId, type: 'hospital-stay' });
    const entry = await eventually(
      async () => (await t.store.caseHistory.findOne({ caseId, type: 'family-event:hospital-stay' }).lean()) ?? undefined,
      'the hospital stay in the case history',
    );
    expect(entry).toMatchObject({ by: manager, details: { type: 'hospital-stay', occurredOn: '2026-11-21', who: 'mother', reportId: answer.body.reportId } });
    // Signals are handled in order: had a rejected event reached the workflow, it would be here by now.
    expect(await t.store.caseHistory.countDocuments({ caseId })).toBe(historyBefore + 1);

    const published = await eventually(async () => {
      const events = (await caseEvents(t.nats, caseId)).filter((e) => e.type === 'case.family-event');
      return events.length > 0 ? events : undefined;
    }, 'the case.family-event message');
    expect(published).toHaveLength(1);
    // The bus says only that something happened: what (and the programme) is read from MongoDB by whoever needs it.
    expect(published[0]).toMatchObject({ caseId, district: 'spb-nevsky' });
    expect(Object.keys(published[0]!).sort()).toEqual(['caseId', 'district', 'eventId', 'occurredAt', 'type']);
  });
});

describe('the case view and HIV-status disclosure', () => {
  /** Reads of the case that showed HIV status. */
  const readsOf = (caseId: string, staffId: string, hivStatus = 'shown') => auditCount(caseId, 'read-case', staffId, { hivStatus });

  it('the supervisor (social-service scope) sees the status, and the read is audited', async () => {
    const { caseId, taskId, dueAt, manager } = await acceptedCase();
    const answer = await view(caseId, 'sup-spb-north');
    expect(answer.status).toBe(200);
    const v = answer.body;
    expect(v.hivStatusDisclosed).toBe(true);
    expect(v.family.mother.hivStatus).toBe('positive');
    expect(v.family.children[0].hivExposed).toBe(true);
    expect(await readsOf(caseId, 'sup-spb-north')).toBe(1);
    const audit = await t.store.audit.findOne({ caseId, action: 'read-case', actor: 'sup-spb-north' }).lean();
    expect(audit).toMatchObject({ district: 'spb-nevsky', details: { hivStatus: 'shown' } });

    expect(v).toMatchObject({
      caseId,
      district: 'spb-nevsky',
      programme: 'hiv-family-follow-up',
      stage: 'first-contact',
      caseManager: manager,
      policyVersion: 'spb-2026.4',
    });
    expect(v.risk).toEqual({ level: 'low', score: 0, factors: [] });
    expect(v.tasks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'referral-review', status: 'completed', completedBy: 'sup-spb-north' }),
        expect.objectContaining({ taskId, type: 'first-contact', status: 'open', assigneeId: manager }),
      ]),
    );
    expect(v.waitingFor.tasks).toEqual([{ taskId, type: 'first-contact', dueAt: dueAt.toISOString() }]);
    expect(v.history.map((h: { type: string }) => h.type)).toEqual(expect.arrayContaining(['referral-accepted', 'case-assigned']));

    // Each read is audited, not only the first.
    await view(caseId, 'sup-spb-north');
    expect(await readsOf(caseId, 'sup-spb-north')).toBe(2);
  });

  it('a psychologist (the consent does not cover psychologists) sees it withheld, a coordinator not at all; each read audited as such', async () => {
    const { caseId } = await acceptedCase();
    await t.auditSealed();
    const auditBefore = await t.store.audit.countDocuments({ caseId });
    expect((await view(caseId, 'coord-city')).status).toBe(403);
    for (const staff of ['psy-nevsky-1']) {
      const answer = await view(caseId, staff);
      expect([staff, answer.status]).toEqual([staff, 200]);
      expect(answer.body.hivStatusDisclosed).toBe(false);
      expect(answer.body.family.mother.hivStatus).toBe('withheld');
      expect(answer.body.family.children.map((c: { hivExposed: unknown }) => c.hivExposed)).toEqual(['withheld']);
      expect(JSON.stringify(answer.body)).not.toContain('positive');
      expect(await readsOf(caseId, staff)).toBe(0);
      expect(await readsOf(caseId, staff, 'withheld')).toBe(1);
    }
    // The coordinator's refused read is not a read.
    expect(await t.store.audit.countDocuments({ caseId })).toBe(auditBefore + 1);
  });

  it('after the consent is withdrawn the very next read withholds the status, and is not audited as a disclosure', async () => {
    const { caseId, manager } = await acceptedCase();
    expect((await view(caseId, 'sup-spb-north')).body.hivStatusDisclosed).toBe(true);
    expect(await readsOf(caseId, 'sup-spb-north')).toBe(1);

    const withdrawn = await report(caseId, manager, { type: 'consent-withdrawn', occurredOn: '2026-11-22' });
    expect(withdrawn.status).toBe(202);
    const next = await view(caseId, 'sup-spb-north'); // at once: no waiting for the workflow
    expect(next.status).toBe(200);
    expect(next.body.hivStatusDisclosed).toBe(false);
    expect(next.body.family.mother.hivStatus).toBe('withheld');
    expect(next.body.family.children[0].hivExposed).toBe('withheld');
    expect(await readsOf(caseId, 'sup-spb-north')).toBe(1);
    expect(await auditCount(caseId, 'withdraw-consent', manager)).toBe(1);

    // The workflow records the withdrawal too, and disclosure stays off afterwards.
    await eventually(
      async () => (await t.store.caseHistory.exists({ caseId, type: 'family-event:consent-withdrawn' })) ?? undefined,
      'the withdrawal in the history',
    );
    expect((await view(caseId, 'sup-spb-north')).body.hivStatusDisclosed).toBe(false);
    expect(await readsOf(caseId, 'sup-spb-north')).toBe(1);
  });

  it('another district’s case is a 404, as a missing one, and nothing is audited', async () => {
    const { caseId } = await acceptedCase();
    const before = await snapshot(caseId);
    const answer = await view(caseId, 'sw-almaty-1');
    expect(answer.status).toBe(404);
    expect(JSON.stringify(answer.body)).not.toContain('Test Mother');
    expect((await view(caseId, 'sup-almaty')).status).toBe(404);
    expect((await view(caseId, undefined)).status).toBe(401);
    expect(await snapshot(caseId)).toEqual(before);
  });
});
