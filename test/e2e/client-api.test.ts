import type { z } from 'zod';
import { CaseCompletionAnswer, TaskDetailAnswer, TaskListAnswer, type AnsweredTask } from '@continuum/domain';
import { casework } from '../harness/casework';
import { FORMS } from '../harness/forms';
import { hivReferral } from '../harness/referrals';
import { openTestSystem, type HttpAnswer, type OpenTestSystem } from '../harness/system';

/**
 * A client drives a case from the API's answers alone: a completion names the stage after it and the tasks it
 * opened, the inbox and a case's task list filter by case, type, stage and status, and every answer is the
 * schema the OpenAPI document is built from. The codes that tell of HIV stay hidden from staff outside the consent.
 */
describe('an API a client can drive', () => {
  let t: OpenTestSystem;
  beforeAll(async () => (t = await openTestSystem()));
  afterAll(() => t.close());

  /** The answer, 200 and of the schema (the test fails with the body otherwise). */
  function ok<S extends z.ZodType>(schema: S, answer: HttpAnswer, what: string): z.infer<S> {
    expect({ what, status: answer.status, body: answer.status === 200 ? undefined : answer.body }).toEqual({ what, status: 200, body: undefined });
    const parsed = schema.safeParse(answer.body);
    if (!parsed.success)
      throw new Error(
        `${what}: the answer is not a ${schema.description ?? 'valid answer'}: ${JSON.stringify(parsed.error.issues)}\n${JSON.stringify(answer.body)}`,
      );
    return parsed.data;
  }
  const ids = (tasks: AnsweredTask[]) => tasks.map((x) => x.taskId).sort();

  it('a completion answers the stage after it and the tasks it opened; the client completes each from the answer, without listing the inbox', async () => {
    const cw = casework(t);
    const caseId = await cw.refer(hivReferral({ referredAt: new Date().toISOString() }));
    const review = await cw.openTask(caseId, 'referral-review');
    const complete = async (taskId: string, staff: string, form: unknown) =>
      ok(CaseCompletionAnswer, await cw.complete(taskId, staff, form), `completing ${taskId} as ${staff}`);

    // The supervisor accepts: the case is in first contact and the answer names the manager's task.
    const accepted = await complete(review._id, 'sup-spb-north', FORMS.accept);
    const manager = (await t.store.cases.findById(caseId).lean())!.caseManager!;
    expect(manager).toBeTruthy();
    expect(accepted).toMatchObject({
      taskId: review._id,
      caseId,
      status: 'completed',
      settled: true,
      stage: 'first-contact',
      openTasks: `/cases/${caseId}/tasks?status=open`,
    });
    expect(accepted.opened).toHaveLength(1);
    expect(accepted.opened[0]).toMatchObject({ caseId, type: 'first-contact', status: 'open', assigneeId: manager, programme: 'hiv-family-follow-up' });

    // Each answer names the next task: fetched and completed by its id alone.
    let next = accepted.opened[0]!;
    const steps = [
      { form: FORMS.firstContact, stage: 'needs-assessment', opens: 'needs-assessment', assignee: manager },
      { form: FORMS.needs([]), stage: 'support-planning', opens: 'support-plan', assignee: manager },
      { form: FORMS.plan, stage: 'support-planning', opens: 'plan-approval', assignee: null },
    ] as const;
    for (const step of steps) {
      const detail = ok(TaskDetailAnswer, await cw.api('GET', `/tasks/${next.taskId}`, manager), `GET the ${next.type} task`);
      expect(detail).toMatchObject({ taskId: next.taskId, status: 'open', assigneeId: manager, form: null });
      const done = await complete(next.taskId, manager, step.form);
      expect({ stage: done.stage, settled: done.settled, opened: done.opened.map((x) => [x.type, x.assigneeId]) }).toEqual({
        stage: step.stage,
        settled: true,
        opened: [[step.opens, step.assignee]],
      });
      expect(Date.parse(done.opened[0]!.dueAt)).toBeGreaterThan(Date.now() - 60_000);
      next = done.opened[0]!;
    }
    // The plan's approval is the supervisors' (their pool): she completes it from the answer too.
    expect(next).toMatchObject({ type: 'plan-approval', doneBy: ['supervisor'], assigneeId: null });
    const approved = await complete(next.taskId, 'sup-spb-north', FORMS.approve);
    // The case is in follow-up at once (the stage before the completion was support-planning); its first
    // contact comes on the cadence, so the answer says when, and where the tasks appear.
    expect(approved).toMatchObject({ stage: 'follow-up', settled: true, opened: [], openTasks: `/cases/${caseId}/tasks?status=open` });
    expect(approved.scheduled.map((s) => s.what)).toEqual(expect.arrayContaining(['contact', 'reassessment', 'supervision-review', 'end-of-follow-up']));
    expect(Date.parse(approved.scheduled.find((s) => s.what === 'contact')!.dueAt!)).toBeGreaterThan(Date.now());
    expect((await t.store.cases.findById(caseId).lean())?.stage).toBe('follow-up');

    // The inbox by case and type: only those, completed ones too with status=any.
    const byType = ok(
      TaskListAnswer,
      await cw.api('GET', `/tasks?caseId=${caseId}&type=needs-assessment,support-plan&status=any`, manager),
      'GET /tasks by case and type',
    );
    expect(byType.tasks.map((x) => [x.caseId, x.type, x.status]).sort()).toEqual([
      [caseId, 'needs-assessment', 'completed'],
      [caseId, 'support-plan', 'completed'],
    ]);
    expect(byType.total).toBe(2);
    const all = await t.store.tasks.find({ caseId }).lean();
    const ofCase = ok(TaskListAnswer, await cw.api('GET', `/tasks?caseId=${caseId}&status=any&limit=200`, 'sup-spb-north'), 'GET /tasks by case');
    expect(ids(ofCase.tasks)).toEqual(all.map((x) => x._id).sort());
    expect(ofCase.tasks.filter((x) => x.caseId !== caseId)).toEqual([]);
    const completedOnly = ok(
      TaskListAnswer,
      await cw.api('GET', `/tasks?caseId=${caseId}&status=completed&type=plan-approval`, 'sup-spb-north'),
      'GET /tasks completed approvals',
    );
    expect(completedOnly.tasks.map((x) => x.taskId)).toEqual([next.taskId]);

    // By the case's stage: the case is in follow-up, not in intake.
    const inFollowUp = ok(
      TaskListAnswer,
      await cw.api('GET', `/tasks?stage=follow-up&caseId=${caseId}&status=any&limit=200`, 'sup-spb-north'),
      'GET /tasks by stage',
    );
    expect(ids(inFollowUp.tasks)).toEqual(all.map((x) => x._id).sort());
    const inIntake = ok(TaskListAnswer, await cw.api('GET', `/tasks?stage=intake&caseId=${caseId}&status=any`, 'sup-spb-north'), 'GET /tasks by another stage');
    expect(inIntake).toMatchObject({ tasks: [], total: 0 });
    const followUpPage = ok(
      TaskListAnswer,
      await cw.api('GET', '/tasks?stage=follow-up&status=any&limit=200', 'sup-spb-north'),
      'GET /tasks of cases in follow-up',
    );
    const followUpCases = new Set(
      (await t.store.cases.find({ stage: 'follow-up', district: { $in: ['spb-nevsky', 'spb-vyborgsky'] } }, { _id: 1 }).lean()).map((c) => c._id),
    );
    expect(followUpPage.tasks.filter((x) => !followUpCases.has(x.caseId))).toEqual([]);

    // Another district's case is nobody's business: an empty list, as for a case that does not exist.
    const theirs = ok(TaskListAnswer, await cw.api('GET', `/tasks?caseId=${caseId}&status=any`, 'sw-almaty-1'), "GET /tasks of another district's case");
    expect(theirs).toMatchObject({ tasks: [], total: 0 });
    const none = ok(TaskListAnswer, await cw.api('GET', `/tasks?caseId=case-00000000000000000000&status=any`, 'sw-almaty-1'), 'GET /tasks of no case');
    expect(none).toEqual(theirs);

    // The case's own task list: the same tasks, filtered the same way.
    const caseTasks = ok(TaskListAnswer, await cw.api('GET', `/cases/${caseId}/tasks?status=any&limit=200`, manager), 'GET /cases/{id}/tasks');
    expect(ids(caseTasks.tasks)).toEqual(all.map((x) => x._id).sort());
    const openOnes = ok(TaskListAnswer, await cw.api('GET', `/cases/${caseId}/tasks`, manager), 'GET /cases/{id}/tasks (open)');
    expect(openOnes.tasks.filter((x) => x.status !== 'open')).toEqual([]);
    const caseByType = ok(
      TaskListAnswer,
      await cw.api('GET', `/cases/${caseId}/tasks?status=any&type=first-contact`, manager),
      'GET /cases/{id}/tasks by type',
    );
    expect(caseByType.tasks.map((x) => x.taskId)).toEqual([accepted.opened[0]!.taskId]);
  });

  it('GET /cases/{id}/tasks answers as GET /cases/{id} to whoever may not see the case; bad filters are 400 and a stage is not a specialist’s', async () => {
    const cw = casework(t);
    const { caseId, manager } = await cw.inFirstContact();
    for (const staff of ['sw-almaty-1', 'sup-almaty', 'coord-city', 'idd-nevsky-1']) {
      const view = await cw.api('GET', `/cases/${caseId}`, staff);
      const list = await cw.api('GET', `/cases/${caseId}/tasks`, staff);
      expect({ staff, status: list.status }).toEqual({ staff, status: view.status });
      expect(list.status).not.toBe(200);
    }
    expect((await cw.api('GET', `/cases/${caseId}/tasks`, 'sw-almaty-1')).status).toBe(404);
    expect((await cw.api('GET', '/cases/case-00000000000000000000/tasks', manager)).status).toBe(404);
    expect((await cw.api('GET', `/cases/${caseId}/tasks`, undefined)).status).toBe(401);

    const bad = async (path: string, paths: string[]) => {
      const answer = await cw.api('GET', path, manager);
      expect({ path, status: answer.status, paths: (answer.body.issues ?? []).map((i: { path: string }) => i.path) }).toEqual({ path, status: 400, paths });
    };
    await bad(`/tasks?type=contact&type=reassessment`, ['type']);
    await bad(`/tasks?type=won-the-lottery`, ['type']);
    await bad(`/tasks?type=`, ['type']);
    await bad(`/tasks?stage=somewhere`, ['stage']);
    await bad(`/tasks?caseId=not-a-case`, ['caseId']);
    await bad(`/tasks?status=all`, ['status']);
    await bad(`/cases/${caseId}/tasks?type=contact,nothing`, ['type']);
    await bad(`/cases/${caseId}/tasks?district=spb-nevsky`, ['(root)']);
    // A specialist sees only her own tasks: the stage of a case is not hers to filter by.
    expect((await cw.api('GET', '/tasks?stage=follow-up', 'idd-nevsky-1')).status).toBe(403);
    const hers = ok(TaskListAnswer, await cw.api('GET', `/tasks?caseId=${caseId}`, 'idd-nevsky-1'), "a specialist's tasks of the case");
    expect(hers).toMatchObject({ tasks: [], total: 0 });
  });

  it('outside the consent an infant test is a contact: in the completion answer, the inbox and the case’s list, and a type filter does not find it as what it is', async () => {
    const cw = casework(t);
    // Referred a while ago on the drill policy, so the child's first test (6 s after the referral) is due when the case is accepted.
    const referredAt = new Date(Date.now() - 60_000).toISOString();
    const outside = await cw.refer(
      hivReferral({ district: 'spb-training', referredAt, consent: { granted: true, scope: ['case-conference'], signedOn: '2026-11-19', signedBy: 'mother' } }),
    );
    const inside = await cw.refer(hivReferral({ district: 'spb-training', referredAt }));
    const accept = async (caseId: string) =>
      ok(CaseCompletionAnswer, await cw.complete((await cw.openTask(caseId, 'referral-review'))._id, 'sup-spb-training', FORMS.accept), `accepting ${caseId}`);

    // The supervisor outside the consent is told of the manager's first contact and of a contact, never of an infant test.
    const toOutsider = await accept(outside);
    const infantTest = await t.store.tasks.findOne({ caseId: outside, type: 'infant-test' }).lean();
    expect(infantTest).not.toBeNull();
    expect(toOutsider).toMatchObject({ settled: true, stage: 'first-contact' });
    expect(toOutsider.opened.map((x) => x.type).sort()).toEqual(['contact', 'first-contact']);
    expect(toOutsider.opened.find((x) => x.taskId === infantTest!._id)).toMatchObject({ type: 'contact', subject: null, programme: 'withheld' });
    expect(JSON.stringify(toOutsider)).not.toMatch(/infant-test|pcr-|hiv-family-follow-up|spb-20\d\d/);
    // Within the consent the same answer says what it is.
    const toInsider = await accept(inside);
    expect(toInsider.opened.map((x) => [x.type, x.subject]).sort()).toEqual([
      ['first-contact', null],
      ['infant-test', 'pcr-6-weeks'],
    ]);

    const manager = (await t.store.cases.findById(outside).lean())!.caseManager!;
    for (const staff of ['sup-spb-training', manager]) {
      const list = async (path: string) => ok(TaskListAnswer, await cw.api('GET', path, staff), `${staff}: GET ${path}`);
      // Filtering by infant-test finds nothing of the case outside the consent, in the inbox or the case's list …
      expect(await list(`/tasks?caseId=${outside}&type=infant-test&status=any`)).toMatchObject({ tasks: [], total: 0 });
      expect(await list(`/cases/${outside}/tasks?type=infant-test&status=any`)).toMatchObject({ tasks: [], total: 0 });
      // … and filtering by contact finds the infant test as the contact it is shown as, as the list without a filter shows it.
      for (const path of [
        `/tasks?caseId=${outside}&type=contact&status=any`,
        `/cases/${outside}/tasks?type=contact&status=any`,
        `/tasks?caseId=${outside}&status=any`,
      ]) {
        const found = await list(path);
        expect({ path, task: found.tasks.find((x) => x.taskId === infantTest!._id) }).toEqual({
          path,
          task: expect.objectContaining({ type: 'contact', subject: null, programme: 'withheld' }),
        });
        expect(JSON.stringify(found)).not.toMatch(/infant-test|pcr-|hiv-family-follow-up/);
      }
      // The whole district's infant tests name no task of that case.
      const district = await list('/tasks?district=spb-training&type=infant-test&status=any&limit=200');
      expect(district.tasks.filter((x) => x.caseId === outside)).toEqual([]);
      expect(district.tasks.filter((x) => x.type !== 'infant-test')).toEqual([]);
    }
    // Within the consent, the same filter finds the infant test as what it is.
    const insideTests = ok(
      TaskListAnswer,
      await cw.api('GET', `/tasks?caseId=${inside}&type=infant-test&status=any`, 'sup-spb-training'),
      'infant tests within the consent',
    );
    expect(insideTests.tasks.map((x) => [x.type, x.subject])).toEqual([['infant-test', 'pcr-6-weeks']]);
    const insideContacts = ok(
      TaskListAnswer,
      await cw.api('GET', `/cases/${inside}/tasks?type=contact&status=any`, 'sup-spb-training'),
      'contacts within the consent',
    );
    expect(insideContacts.tasks.filter((x) => x.subject === 'pcr-6-weeks')).toEqual([]);
  });
});
