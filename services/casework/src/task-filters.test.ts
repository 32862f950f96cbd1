import { CaseCompletionAnswer, CompletionAnswer, TaskListAnswer } from '@continuum/domain';
import { lensFor } from './code-lens';
import { CaseTaskListQuery, preferredWait, storedTypesSeenAs, TaskListQuery } from './tasks.routes';

const manager = { sub: 'sw-1', roles: ['caseworker' as const], districts: ['d1'], discipline: 'social-worker' };
const inside = lensFor(manager, 'd1', { granted: true, scope: ['social-service'] });
const outside = lensFor(manager, 'd1', { granted: true, scope: ['case-conference'] });

describe('the task filters', () => {
  it('take task types comma-separated, once each; an unknown one, an empty one or the parameter twice is a 400 naming `type`', () => {
    expect(TaskListQuery.parse({ type: 'contact,reassessment,contact' }).type).toEqual(['contact', 'reassessment']);
    expect(CaseTaskListQuery.parse({ type: 'infant-test' }).type).toEqual(['infant-test']);
    for (const type of ['', 'contact,', 'Contact', 'won-the-lottery', ['contact', 'reassessment']]) {
      const parsed = TaskListQuery.safeParse({ type });
      expect({ type, ok: parsed.success, paths: parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.')) }).toEqual({
        type,
        ok: false,
        paths: ['type'],
      });
    }
  });

  it('take a status, or any; open by default', () => {
    expect(TaskListQuery.parse({}).status).toBe('open');
    expect(CaseTaskListQuery.parse({ status: 'any' }).status).toBe('any');
    expect(TaskListQuery.safeParse({ status: 'all' }).success).toBe(false);
  });

  it('match the types as the reader sees them: outside the consent an infant test (or a programme’s own task) is a contact, and no task is an infant test', () => {
    expect(storedTypesSeenAs(inside, ['contact'])).toEqual(['contact']);
    expect(storedTypesSeenAs(inside, ['infant-test'])).toEqual(['infant-test']);
    expect(storedTypesSeenAs(outside, ['contact']).sort()).toEqual(['contact', 'infant-test', 'treatment-check']);
    expect(storedTypesSeenAs(outside, ['infant-test'])).toEqual([]);
    expect(storedTypesSeenAs(outside, ['reassessment', 'infant-test'])).toEqual(['reassessment']);
  });
});

describe('the task answers', () => {
  const task = {
    taskId: 'task-00000000000000000001-2',
    caseId: 'case-00000000000000000001',
    type: 'contact',
    status: 'open',
    district: 'd1',
    programme: 'withheld',
    assigneeId: 'sw-1',
    doneBy: ['caseworker'],
    priority: 1,
    dueAt: '2026-12-01T10:00:00.000Z',
    escalatedAt: null,
    createdAt: '2026-11-30T10:00:00.000Z',
    completedAt: null,
    subject: null,
    conferenceId: null,
  };

  it('a task through the lens (programme withheld) is a task of a list', () => {
    expect(TaskListAnswer.safeParse({ tasks: [task], total: 1, limit: 50, offset: 0 }).success).toBe(true);
    expect(TaskListAnswer.safeParse({ tasks: [{ ...task, programme: 'secret' }], total: 1, limit: 50, offset: 0 }).success).toBe(false);
  });

  it("a completion answers a case's completion or a conference's input", () => {
    const settled = {
      taskId: 'task-00000000000000000001-1',
      caseId: task.caseId,
      status: 'completed',
      settled: true,
      stage: 'follow-up',
      opened: [task],
      scheduled: [{ what: 'contact', dueAt: task.dueAt }],
      openTasks: `/cases/${task.caseId}/tasks?status=open`,
    };
    expect(CaseCompletionAnswer.parse(settled)).toEqual(settled);
    expect(
      CompletionAnswer.safeParse({ taskId: 'task-00000000000000000001-c1-1', status: 'completed', conference: { state: 'collecting-input', quorumMet: false } })
        .success,
    ).toBe(true);
    // The answer of before (the stage only) is not what the API answers now.
    expect(CompletionAnswer.safeParse({ taskId: settled.taskId, status: 'completed', stage: 'support-planning' }).success).toBe(false);
  });
});

describe('Prefer: wait on a completion', () => {
  it('reads the seconds to wait among other preferences, at most 15; anything else asks for no wait', () => {
    expect(['wait=10', 'respond-async, wait=3', 'WAIT = "7"', 'wait=600'].map(preferredWait)).toEqual([10, 3, 7, 15]);
    expect([undefined, '', 'respond-async', 'wait=0', 'wait=-1', 'wait=abc', 'wait=1.5', 'return=minimal'].map(preferredWait)).toEqual(
      Array(8).fill(undefined),
    );
  });
});
