import type { Duration } from '../duration';
import type { Policy, TaskTemplate } from '../policy';
import { after } from './time';

// The calendar a policy sets, as pure functions: the case workflow takes every date from here, and the
// tests prove the real policies' timings with them in milliseconds (schedule.test.ts).

/** A task's deadline from its template: the urgent one on the urgent path, where the template has one. */
export const taskDueAt = (template: TaskTemplate, from: Date, urgent: boolean): Date =>
  after(from, urgent && template.urgentDue ? template.urgentDue : template.due);

/** When the first contact is due: counted from the referral, so the review's time is not the family's. */
export const firstContactDueAt = (policy: Policy, referredAt: Date, urgent: boolean): Date | undefined => {
  const template = policy.tasks['first-contact'];
  return template && taskDueAt(template, referredAt, urgent);
};

/** An HIV-exposed child's tests, counted from the referral (the birth, for a maternity ward's referral). */
export const infantTestsFrom = (policy: Policy, referredAt: Date): Array<{ code: string; at: string }> =>
  policy.infantTesting.map((m) => ({ code: m.code, at: after(referredAt, m.after).toISOString() }));

/** What starts with follow-up (the support plan approved): the first contact, reassessment and supervision, and its end. */
export function followUpCalendar(policy: Policy, startedAt: Date) {
  return {
    contactAt: after(startedAt, policy.contactCadence[0]!.every).toISOString(),
    reassessmentAt: after(startedAt, policy.reassessmentEvery).toISOString(),
    supervisionAt: after(startedAt, policy.supervisionEvery).toISOString(),
    followUpEndsAt: after(startedAt, policy.closure.followUpFor).toISOString(),
  };
}

/** The time to the next contact at a moment of follow-up: that of the cadence phase the day falls in. */
export function contactInterval(policy: Policy, followUpStartedAt: Date, now: Date): Duration {
  const days = (now.getTime() - followUpStartedAt.getTime()) / 86_400_000;
  return (policy.contactCadence.find((p) => p.untilDay === null || days < p.untilDay) ?? policy.contactCadence[0]!).every;
}
