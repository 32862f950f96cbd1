import { CompletionAnswer, TaskListAnswer } from '@continuum/domain';
import { eventually, http, openTestSystem, type OpenTestSystem } from '../harness/system';
import { FIRST_CONTACT_FORM, hivReferral } from '../harness/referrals';
import { casework } from '../harness/casework';
import { conforming } from '../harness/answers';

describe('completing a task', () => {
  let t: OpenTestSystem;
  beforeAll(async () => (t = await openTestSystem()));
  afterAll(() => t.close());

  /** A first-contact task, assigned to its case manager (only she may complete it). */
  async function openFirstTask(): Promise<{ taskId: string; caseId: string; manager: string }> {
    const caseId = await casework(t).referAndAccept(hivReferral(), 'sup-spb-north');
    const task = await eventually(
      async () => (await t.store.tasks.findOne({ caseId, type: 'first-contact', assigneeId: { $ne: null } }).lean()) ?? undefined,
      'the first task, assigned',
    );
    return { taskId: task._id, caseId, manager: task.assigneeId! };
  }
  // A 200 answer is the documented one (packages/domain/src/task-answers.ts).
  const complete = async (taskId: string, token: string | undefined, form: unknown = FIRST_CONTACT_FORM, prefer = 'wait=15') =>
    conforming(
      CompletionAnswer,
      await http('POST', `${t.system.caseworkUrl}/tasks/${taskId}/complete`, { token, body: { form }, headers: { prefer } }),
      'a completion',
    );

  it('twice, one after the other: one success and one 409', async () => {
    const { taskId, caseId, manager } = await openFirstTask();
    const token = await t.tokenFor(manager);
    const first = await complete(taskId, token);
    expect(first.status).toBe(200);
    // The answer is the case after the completion: in needs assessment, with its task opened for the manager.
    expect(first.body).toMatchObject({
      taskId,
      caseId,
      status: 'completed',
      settled: true,
      stage: 'needs-assessment',
      openTasks: `/cases/${caseId}/tasks?status=open`,
    });
    expect(first.body.opened).toEqual([expect.objectContaining({ caseId, type: 'needs-assessment', status: 'open', assigneeId: manager })]);
    expect(first.headers?.['preference-applied']).toBe('wait=15');
    const second = await complete(taskId, token);
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('CONFLICT');
  });

  it('without `Prefer: wait`, answers at once: the case reacts asynchronously, and the answer says where its tasks appear', async () => {
    const { taskId, caseId, manager } = await openFirstTask();
    const answer = await complete(taskId, await t.tokenFor(manager), FIRST_CONTACT_FORM, 'respond-async');
    expect(answer.status).toBe(200);
    expect(answer.headers?.['preference-applied']).toBeUndefined();
    expect(answer.body).toMatchObject({
      taskId,
      caseId,
      status: 'completed',
      settled: false,
      stage: 'first-contact',
      opened: [],
      scheduled: [],
      openTasks: `/cases/${caseId}/tasks?status=open`,
    });
    await eventually(
      async () => (await t.store.tasks.exists({ caseId, type: 'needs-assessment', status: 'open' })) !== null,
      'the needs assessment, opened after the answer',
    );
  });

  it('twice at the same moment: one success and one 409, and the task is closed once', async () => {
    const { taskId, manager } = await openFirstTask();
    const token = await t.tokenFor(manager);
    // Her form sent twice at once (a double click on a slow network): the workflow takes one.
    const [a, b] = await Promise.all([complete(taskId, token), complete(taskId, token, { ...FIRST_CONTACT_FORM, channel: 'phone' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 'home-visit' : 'phone';
    expect(await t.store.tasks.findById(taskId).lean()).toMatchObject({ status: 'completed', completedBy: manager, form: { channel: winner } });
  });

  it('with a wrong form gets 400 naming the fields, and the task stays open', async () => {
    const { taskId, manager } = await openFirstTask();
    const answer = await complete(taskId, await t.tokenFor(manager), { channel: 'carrier-pigeon', outcome: 'reached' });
    expect(answer.status).toBe(400);
    expect((answer.body.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(expect.arrayContaining(['contactedAt', 'channel']));
    const task = await t.store.tasks.findById(taskId).lean();
    expect(task).toMatchObject({ status: 'open' });
    expect(task?.form ?? null).toBeNull();
    expect(task?.completedBy ?? null).toBeNull();
  });

  it('that does not exist gets 404, and so does one of another district; without a token 401', async () => {
    const { taskId } = await openFirstTask();
    expect((await complete('task-00000000000000000000-1', await t.tokenFor('sw-nevsky-1'))).status).toBe(404);
    expect((await complete(taskId, await t.tokenFor('sw-almaty-1'))).status).toBe(404);
    expect((await complete(taskId, undefined)).status).toBe(401);
    expect((await complete(taskId, 'not-a-token')).status).toBe(401);
    expect(await t.store.tasks.findById(taskId).lean()).toMatchObject({ status: 'open' });
  });

  it('lists only the tasks of the caseworker’s districts', async () => {
    const { taskId } = await openFirstTask();
    const mine = conforming(TaskListAnswer, await http('GET', `${t.system.caseworkUrl}/tasks?limit=200`, { token: await t.tokenFor('sw-nevsky-1') }));
    const theirs = conforming(TaskListAnswer, await http('GET', `${t.system.caseworkUrl}/tasks?limit=200`, { token: await t.tokenFor('sw-almaty-1') }));
    expect((mine.body.tasks as any[]).map((x) => x.taskId)).toContain(taskId);
    expect((theirs.body.tasks as any[]).map((x) => x.taskId)).not.toContain(taskId);
    expect((await http('GET', `${t.system.caseworkUrl}/tasks`)).status).toBe(401);
  });
});
