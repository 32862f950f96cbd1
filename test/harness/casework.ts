import type { ConferenceTrigger, TaskType } from '@continuum/domain';
import type { TaskDoc } from '@continuum/store';
import { eventually, http, type HttpAnswer, type OpenTestSystem, type TestReferral } from './system';
import { FORMS } from './forms';
import { hivReferral } from './referrals';

type OpenTask = TaskDoc & { _id: string };

/** A caseworker's and a supervisor's moves through the real APIs, for tests that drive whole cases. */
export function casework(t: OpenTestSystem) {
  const api = async (method: string, path: string, staff: string | undefined, body?: unknown, headers?: Record<string, string>): Promise<HttpAnswer> =>
    http(method, `${t.system.caseworkUrl}${path}`, { token: staff ? await t.tokenFor(staff) : undefined, body, headers });

  /** Waits for an open task of the type in the case (the newest if several). */
  const openTask = (caseId: string, type: TaskType, timeoutMs = 30_000): Promise<OpenTask> =>
    eventually(
      async () => ((await t.store.tasks.find({ caseId, type, status: 'open' }).sort({ createdAt: -1 }).lean())[0] as OpenTask | undefined) ?? undefined,
      `an open ${type} task of ${caseId}`,
      timeoutMs,
    );

  /** Waits for a conference of the case (of a trigger, when given). */
  const conference = (filter: { caseId: string; trigger?: ConferenceTrigger }, what: string, timeoutMs = 30_000) =>
    eventually(async () => (await t.store.conferences.findOne(filter).lean()) ?? undefined, what, timeoutMs);

  /** Completes a task as an integrator would: waiting for the case's reaction, so the answer names the tasks it opened. */
  const complete = (taskId: string, staff: string, form: unknown): Promise<HttpAnswer> =>
    api('POST', `/tasks/${taskId}/complete`, staff, { form }, { prefer: 'wait=15' });

  /** Waits for the task, completes it, and fails the test with the answer if that was not 200. */
  async function completeNext(caseId: string, type: TaskType, staff: string, form: unknown): Promise<OpenTask> {
    const task = await openTask(caseId, type);
    const answer = await complete(task._id, staff, form);
    if (answer.status !== 200) throw new Error(`completing ${type} as ${staff}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return task;
  }

  async function refer(referral: TestReferral): Promise<string> {
    const answer = await t.postReferral(referral);
    if (answer.status !== 202) throw new Error(`referral: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.caseId as string;
  }

  /** Refers a family and has the district's supervisor accept it: the first-contact task is open after this. */
  async function referAndAccept(referral: TestReferral, supervisor: string): Promise<string> {
    const caseId = await refer(referral);
    await completeNext(caseId, 'referral-review', supervisor, FORMS.accept);
    return caseId;
  }

  /** A case accepted in Nevsky (or the referral's district) whose first contact is assigned to its case manager. */
  async function inFirstContact(referral: TestReferral = hivReferral({ referredAt: new Date().toISOString() }), supervisor = 'sup-spb-north') {
    const caseId = await referAndAccept(referral, supervisor);
    const task = await eventually(async () => {
      const open = await t.store.tasks.findOne({ caseId, type: 'first-contact', status: 'open' }).lean();
      return open?.assigneeId ? open : undefined;
    }, 'the assigned first contact');
    return { caseId, taskId: task._id as string, manager: task.assigneeId! };
  }

  return { api, openTask, conference, complete, completeNext, refer, referAndAccept, inFirstContact };
}
