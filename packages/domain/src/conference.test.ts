import { ConferenceDecisionsBody, conferenceIdFor, conferenceReminderAt, conferenceTaskIdFor, ConferenceId } from './conference';
import { TaskId } from './ids';
import { policyOf } from './rules/policies';

const at = (iso: string) => new Date(iso);
const issuesOf = (input: unknown) => {
  const r = ConferenceDecisionsBody.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('conference reminders', () => {
  it('go out 24 hours before a routine deadline of 3 working days', () => {
    const rules = policyOf('spb-2026.3').conference!;
    const start = at('2026-11-23T09:00:00Z'); // a Monday: due Thursday 09:00
    const due = at('2026-11-26T09:00:00Z');
    expect(new Date(conferenceReminderAt(start, due, rules.remindBefore)).toISOString()).toBe('2026-11-25T09:00:00.000Z');
  });

  it('go out halfway when the time for input is shorter than twice the reminder (the urgent 24 hours)', () => {
    const start = at('2026-11-23T09:00:00Z');
    const due = at('2026-11-24T09:00:00Z');
    expect(new Date(conferenceReminderAt(start, due, { hours: 24 })).toISOString()).toBe('2026-11-23T21:00:00.000Z');
  });

  it('in the drill: 5 s before a 15 s deadline', () => {
    const rules = policyOf('kz-2026.3-drill').conference!;
    const start = at('2026-11-23T09:00:00Z');
    expect(conferenceReminderAt(start, at('2026-11-23T09:00:15Z'), rules.remindBefore) - start.getTime()).toBe(10_000);
  });
});

describe('conference ids', () => {
  it('number conferences within their case, and input tasks within their conference, as valid ids', () => {
    const conferenceId = conferenceIdFor('case-0123456789abcdef0123', 2);
    expect(conferenceId).toBe('conf-0123456789abcdef0123-2');
    expect(ConferenceId.safeParse(conferenceId).success).toBe(true);
    const taskId = conferenceTaskIdFor(conferenceId, 4);
    expect(taskId).toBe('task-0123456789abcdef0123-c2-4');
    expect(TaskId.safeParse(taskId).success).toBe(true);
    expect(ConferenceId.safeParse('conf-nope').success).toBe(false);
  });
});

describe('the chair’s decisions', () => {
  const valid = { minutes: 'Met; agreed the plan.', actionItems: [{ action: 'Visit', ownerId: 'sw-nevsky-1', dueAt: '2026-12-01T09:00:00Z' }] };

  it('take minutes, action items, a risk level, plan changes and a closure recommendation', () => {
    expect(
      issuesOf({ ...valid, riskLevel: 'high', planChanges: 'Add housing.', closureRecommendation: 'moved-away', proceedWithoutQuorum: 'nobody else came' }),
    ).toEqual([]);
  });

  it('refuse blank minutes, an unknown owner id, a past-century date, "urgent" (a screening result, not a decision) and a rejected referral', () => {
    expect(issuesOf({ ...valid, minutes: '  ' })).toEqual(['minutes']);
    expect(issuesOf({ ...valid, actionItems: [{ ...valid.actionItems[0], ownerId: 'not an id' }] })).toEqual(['actionItems.0.ownerId']);
    expect(issuesOf({ ...valid, actionItems: [{ ...valid.actionItems[0], dueAt: '1800-01-01T00:00:00Z' }] })).toEqual(['actionItems.0.dueAt']);
    expect(issuesOf({ ...valid, riskLevel: 'urgent' })).toEqual(['riskLevel']);
    expect(issuesOf({ ...valid, closureRecommendation: 'referral-rejected' })).toEqual(['closureRecommendation']);
    expect(issuesOf({ ...valid, extra: true })).toEqual(['']);
  });
});
