import { caseWorkflowId } from '@continuum/domain';
import { caseStatusQuery } from '@continuum/workflows';
import { eventually, http, openTestSystem, type OpenTestSystem } from '../harness/system';
import { caseEvents } from '../harness/nats-reader';
import { FIRST_CONTACT_FORM, hivReferral } from '../harness/referrals';
import { casework } from '../harness/casework';
import { FORMS } from '../harness/forms';

describe('a referral travels from intake to a completed task', () => {
  let t: OpenTestSystem;
  beforeAll(async () => (t = await openTestSystem()));
  afterAll(() => t.close());

  it('opens a case with a review for the district, then a first-contact task for the case manager; completing it moves the case on', async () => {
    const referral = hivReferral();
    const accepted = await t.postReferral(referral);
    expect(accepted.status).toBe(202);
    const { caseId } = accepted.body as { caseId: string };
    expect(caseId).toMatch(/^case-[0-9a-f]{20}$/);

    // The district service reviews the referral first; the facility sees the status change.
    const review = await casework(t).openTask(caseId, 'referral-review');
    expect(review).toMatchObject({ district: 'spb-nevsky', doneBy: ['supervisor'] });
    expect(review.assigneeId ?? null).toBeNull();
    expect((await casework(t).complete(review._id, 'sw-nevsky-1', FORMS.accept)).status).toBe(403); // not a supervisor's
    expect((await casework(t).complete(review._id, 'sup-spb-north', FORMS.accept)).status).toBe(200);
    const referralStatus = await eventually(async () => {
      const answer = await t.referralStatus(caseId);
      return answer.body.status === 'accepted' && answer.body;
    }, 'the referral accepted');
    expect(referralStatus).toMatchObject({ caseId, status: 'accepted' });

    const stored = await eventually(async () => {
      const doc = await t.store.cases.findById(caseId).lean();
      return doc?.caseManager ? doc : undefined;
    }, 'a case manager');
    expect(stored).toMatchObject({ district: 'spb-nevsky', programme: 'hiv-family-follow-up', policyVersion: 'spb-2026.4' });
    const manager = stored.caseManager as string;
    expect(['sw-nevsky-1', 'sw-nevsky-2']).toContain(manager);

    const token = await t.tokenFor(manager);
    const firstTask = await eventually(async () => {
      const inbox = await http('GET', `${t.system.caseworkUrl}/tasks?limit=200`, { token });
      return (inbox.body.tasks as any[]).find((task) => task.caseId === caseId && task.type === 'first-contact');
    }, 'the first-contact task in the inbox');
    expect(firstTask).toMatchObject({ type: 'first-contact', status: 'open', district: 'spb-nevsky', assigneeId: manager });
    // Not urgent: due three working days after the referral (Fri 2026-11-20 → Wed 2026-11-25).
    expect(firstTask.dueAt).toBe('2026-11-25T10:00:00.000Z');

    const completed = await http('POST', `${t.system.caseworkUrl}/tasks/${firstTask.taskId}/complete`, { token, body: { form: FIRST_CONTACT_FORM } });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ taskId: firstTask.taskId, status: 'completed' });

    const closed = await t.store.tasks.findById(firstTask.taskId).lean();
    expect(closed).toMatchObject({ status: 'completed', completedBy: manager });
    expect(closed?.form).toMatchObject({ channel: 'home-visit', outcome: 'reached' });

    const next = await eventually(
      async () => (await t.store.tasks.find({ caseId, status: 'open' }).lean()).find((task) => task.type === 'needs-assessment'),
      'the needs-assessment task',
    );
    expect(next._id).toBe(firstTask.taskId.replace(/-2$/, '-3')); // numbered in order: review, first contact, needs

    const status = await t.temporal.workflow.getHandle(caseWorkflowId(caseId as never)).query(caseStatusQuery);
    expect(status).toMatchObject({ stage: 'needs-assessment', waitingFor: [{ taskId: next._id, type: 'needs-assessment' }] });

    const events = await eventually(async () => {
      const seen = await caseEvents(t.nats, caseId);
      return seen.some((e) => e.type === 'task.created' && e.taskId === next._id) && seen;
    }, 'the case events');
    const types = events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['case.opened', 'task.created', 'task.completed', 'case.stage-changed']));
    expect(types.filter((type) => type === 'case.opened')).toHaveLength(1);
  });
});
