import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { casework } from '../harness/casework';
import { FORMS } from '../harness/forms';
import { CONFERENCE_CONSENT, hivReferral } from '../harness/referrals';
import { eventually, http, openTestSystem, type OpenTestSystem } from '../harness/system';

/*
 * Least privilege, checked by the casework API on the server, from the directory and the case as it is now.
 * Each rule: a request that must pass beside one that must be refused, through the real servers.
 */

let t: OpenTestSystem;
let cw: ReturnType<typeof casework>;
beforeAll(async () => {
  t = await openTestSystem();
  cw = casework(t);
});
afterAll(() => t.close());

/** A Nevsky case with its first contact assigned to the case manager, and the other Nevsky caseworker. */
async function nevskyCase() {
  const found = await cw.inFirstContact();
  return { ...found, colleague: found.manager === 'sw-nevsky-1' ? 'sw-nevsky-2' : 'sw-nevsky-1' };
}

describe('coordinators read indicators and reports only', () => {
  it('gets no family, task, form or conference content; her indicators still answer', async () => {
    const { caseId, taskId } = await nevskyCase();
    expect((await cw.api('GET', `/cases/${caseId}`, 'sup-spb-north')).status).toBe(200);
    expect((await cw.api('GET', `/cases/${caseId}`, 'coord-city')).status).toBe(403);
    expect((await cw.api('GET', '/cases', 'coord-city')).status).toBe(403);
    expect((await cw.api('GET', `/tasks/${taskId}`, 'coord-city')).status).toBe(404);
    const inbox = await cw.api('GET', '/tasks?filter=all&limit=200', 'coord-city');
    expect([inbox.status, inbox.body.total]).toEqual([200, 0]);
    const indicators = await http('GET', `${t.system.reportingUrl}/indicators?district=spb-nevsky`, { token: await t.tokenFor('coord-city', 'reporting') });
    expect(indicators.status).toBe(200);
  });
});

describe('a caseworker acts on what is hers', () => {
  it("completes her own task, not a colleague's; a supervisor extends either", async () => {
    const { taskId, manager, colleague } = await nevskyCase();
    const byColleague = await cw.complete(taskId, colleague, FORMS.firstContact);
    expect([byColleague.status, byColleague.body.message]).toEqual([403, 'the task is assigned to someone else']);
    const extendedByColleague = await cw.api('POST', `/tasks/${taskId}/extend`, colleague, {
      dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      reason: 'the mother asked for next week',
    });
    expect(extendedByColleague.status).toBe(403);
    const extendedBySupervisor = await cw.api('POST', `/tasks/${taskId}/extend`, 'sup-spb-north', {
      dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      reason: 'the mother asked for next week',
    });
    expect(extendedBySupervisor.status).toBe(200);
    expect((await cw.complete(taskId, manager, FORMS.firstContact)).status).toBe(200);
  });

  it('claims a task of the team pool before completing it', async () => {
    const caseId = await cw.refer(hivReferral({ referredAt: new Date().toISOString() }));
    await cw.openTask(caseId, 'referral-review'); // the case is stored
    expect((await cw.api('POST', `/cases/${caseId}/events`, 'sw-nevsky-1', { event: { type: 'intent-to-abandon', occurredOn: '2026-11-21' } })).status).toBe(
      202,
    );
    const visit = await cw.openTask(caseId, 'contact');
    expect(visit.assigneeId ?? null).toBeNull();
    const unclaimed = await cw.complete(visit._id, 'sw-nevsky-1', FORMS.contact);
    expect([unclaimed.status, unclaimed.body.message]).toEqual([403, 'the task is in the team pool: claim it first']);
    expect((await cw.api('POST', `/tasks/${visit._id}/claim`, 'sw-nevsky-1')).status).toBe(200);
    expect((await cw.complete(visit._id, 'sw-nevsky-1', FORMS.contact)).status).toBe(200);
  });
});

describe('another district, and ids that name nothing', () => {
  it('answers a case, task or conference of another district exactly as one that does not exist', async () => {
    const { caseId, taskId } = await nevskyCase();
    const missing = await cw.api('GET', '/cases/case-0123456789abcdef0123', 'sup-almaty');
    const foreign = await cw.api('GET', `/cases/${caseId}`, 'sup-almaty');
    expect([foreign.status, foreign.body]).toEqual([missing.status, missing.body]);
    expect(foreign.status).toBe(404);
    const missingTask = await cw.api('GET', '/tasks/task-0123456789abcdef0123-1', 'sw-almaty-1');
    const foreignTask = await cw.api('GET', `/tasks/${taskId}`, 'sw-almaty-1');
    expect([foreignTask.status, foreignTask.body]).toEqual([missingTask.status, missingTask.body]);
    expect((await cw.api('GET', `/tasks/${taskId}`, 'sw-nevsky-2')).status).toBe(200);
  });
});

describe('specialists see only their own tasks and conferences', () => {
  it('whatever the filter', async () => {
    const { caseId } = await nevskyCase();
    for (const filter of ['all', 'unassigned', 'overdue', 'due-soon', 'mine']) {
      const inbox = await cw.api('GET', `/tasks?filter=${filter}&limit=200`, 'idd-nevsky-1');
      expect([filter, inbox.status]).toEqual([filter, 200]);
      expect((inbox.body.tasks as Array<{ assigneeId: string | null }>).filter((task) => task.assigneeId !== 'idd-nevsky-1')).toEqual([]);
    }
    expect((await cw.api('GET', `/cases/${caseId}`, 'idd-nevsky-1')).status).toBe(403);
  });
});

describe('partners sit on a conference only under a consent that reaches case conferences', () => {
  const seatsOf = async (consent: unknown) => {
    const caseId = await cw.referAndAccept(hivReferral({ referredAt: new Date().toISOString(), consent: consent as never }), 'sup-spb-north');
    await cw.openTask(caseId, 'first-contact');
    const convened = await cw.api('POST', `/cases/${caseId}/conferences`, 'sup-spb-north', { reason: 'the family needs a team' });
    expect(convened.status).toBe(202);
    const conference = await eventually(async () => (await t.store.conferences.findById(convened.body.conferenceId).lean()) ?? undefined, 'the conference');
    return { seated: conference.participants.map((p) => p.staffId), unfilled: conference.unfilled };
  };

  it('without case-conference in the scope, no specialist is seated; with it, they are', async () => {
    const socialOnly = await seatsOf({ granted: true, scope: ['social-service', 'psychologist'], signedOn: '2026-11-19', signedBy: 'mother' });
    expect(socialOnly.seated).not.toEqual(expect.arrayContaining(['aids-spb-1']));
    expect(socialOnly.seated.some((id) => ['aids-spb-1', 'idd-nevsky-1', 'pcl-nevsky-1', 'wcl-vyborgsky-1'].includes(id))).toBe(false);
    expect(socialOnly.unfilled).toEqual(expect.arrayContaining(['aids-center-specialist', 'infectious-disease-specialist']));
    expect(socialOnly.seated).toContain('psy-nevsky-1'); // the social service's own psychologist

    const withConferences = await seatsOf({ ...CONFERENCE_CONSENT, scope: [...CONFERENCE_CONSENT.scope] });
    expect(withConferences.seated).toEqual(expect.arrayContaining(['aids-spb-1', 'idd-nevsky-1']));
  });
});

describe('break-glass: HIV status outside the consent', () => {
  const mails = () =>
    existsSync(t.system.mailDir)
      ? readdirSync(t.system.mailDir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => JSON.parse(readFileSync(join(t.system.mailDir, f), 'utf8')) as { to: string; subject: string; text: string })
      : [];

  it("is a supervisor's, needs a reason, is audited and told to the district's supervisors", async () => {
    // A consent that does not cover the social service: the case view withholds the status.
    const caseId = await cw.referAndAccept(
      hivReferral({ referredAt: new Date().toISOString(), consent: { granted: true, scope: ['psychologist'], signedOn: '2026-11-19', signedBy: 'mother' } }),
      'sup-spb-north',
    );
    const view = await cw.api('GET', `/cases/${caseId}`, 'sup-spb-north');
    expect([view.body.hivStatusDisclosed, view.body.family.mother.hivStatus]).toEqual([false, 'withheld']);

    const reason = 'the child is in intensive care tonight and the doctors need the status';
    expect((await cw.api('POST', `/cases/${caseId}/break-glass`, 'sw-nevsky-1', { reason })).status).toBe(403);
    expect((await cw.api('POST', `/cases/${caseId}/break-glass`, 'sup-almaty', { reason })).status).toBe(404);
    const noReason = await cw.api('POST', `/cases/${caseId}/break-glass`, 'sup-spb-north', { reason: 'need' });
    expect([noReason.status, noReason.body.issues?.[0]?.path]).toEqual([400, 'reason']);
    await t.auditSealed();
    expect(await t.store.audit.countDocuments({ caseId, action: 'break-glass-read-hiv-status' })).toBe(0);

    const read = await cw.api('POST', `/cases/${caseId}/break-glass`, 'sup-spb-north', { reason });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ caseId, mother: { hivStatus: 'positive' }, children: [{ childIndex: 0, hivExposed: true }] });
    await t.auditSealed();
    const entry = await t.store.audit.findOne({ entryId: read.body.auditId }).lean();
    expect(entry).toMatchObject({ actor: 'sup-spb-north', action: 'break-glass-read-hiv-status', caseId, district: 'spb-nevsky' });
    expect(await t.auditReason(entry)).toBe(reason);
    const told = await eventually(
      async () => mails().find((m) => m.to.includes('sup-spb-north@continuum.local') && m.subject.includes(`Break-glass read on ${caseId}`)),
      'the supervisors told',
    );
    expect(told.text).toContain(read.body.auditId);
    expect(told.text).not.toContain(reason); // the reason stays in the audit log
  });
});
