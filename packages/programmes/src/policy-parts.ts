// What both programmes' policies share, and how a policy's drill twin and its conference version are made.
// Plain data and pure functions: the workflow bundle holds them (see packages/domain/src/rules).
import type { ConferenceRules, Policy, StandardTaskType, TaskTemplate } from '@continuum/domain';

const caseworker = ['caseworker'] as const;
const supervisor = ['supervisor'] as const;
const t = (doneBy: readonly ('caseworker' | 'supervisor')[], due: TaskTemplate['due'], urgentDue?: TaskTemplate['due']): TaskTemplate => ({
  doneBy: [...doneBy],
  due,
  ...(urgentDue ? { urgentDue } : {}),
});

/** Deadlines both programmes share by default (working days unless said otherwise): a programme's policy may add its own task types. */
export const DEFAULT_TASKS: Record<StandardTaskType, TaskTemplate> = {
  'referral-review': t(supervisor, { workingDays: 1 }, { hours: 4 }),
  'first-contact': t(caseworker, { workingDays: 3 }, { hours: 24 }),
  'needs-assessment': t(caseworker, { workingDays: 10 }),
  'support-plan': t(caseworker, { workingDays: 10 }),
  'plan-approval': t(supervisor, { workingDays: 3 }),
  contact: t(caseworker, { workingDays: 5 }, { hours: 24 }),
  reassessment: t(caseworker, { workingDays: 10 }),
  'supervision-review': t(supervisor, { workingDays: 5 }),
  'infant-test': t(caseworker, { workingDays: 10 }),
  'case-review': t(supervisor, { workingDays: 2 }),
  'closure-approval': t(supervisor, { workingDays: 5 }),
  'transfer-acceptance': t(supervisor, { workingDays: 3 }),
};

export const SET_BY_CITY = [
  'tasks',
  'firstContact.maxAttempts',
  'contactCadence',
  'reassessmentEvery',
  'supervisionEvery',
  'risk.weights',
  'risk.thresholds',
  'escalateAfter',
  'closure.followUpFor',
  'closure.reopenWithin',
];

/** Drill: the same algorithm in seconds, for training districts and the end-to-end tests. */
export function drillOf(policy: Policy, infantTesting: Policy['infantTesting'], conference?: ConferenceRules): Policy {
  const s = (seconds: number) => ({ seconds });
  return {
    ...policy,
    version: `${policy.version}-drill`,
    drill: true,
    summary: `DRILL (seconds, never for real families): ${policy.summary}`,
    tasks: Object.fromEntries(
      // The first contact is due after 4 s so a drill shows an overdue task escalated; the rest leave time to act.
      Object.entries(policy.tasks).map(([type, tpl]) => [
        type,
        { ...tpl, due: s(type === 'first-contact' ? 4 : 120), ...(tpl.urgentDue ? { urgentDue: s(type === 'first-contact' ? 2 : 60) } : {}) },
      ]),
    ) as Policy['tasks'],
    contactCadence: [{ untilDay: null, every: s(3) }],
    reassessmentEvery: s(8),
    supervisionEvery: s(3600),
    infantTesting,
    escalateAfter: s(2),
    closure: { ...policy.closure, followUpFor: s(3600), reopenWithin: s(600) },
    ...(conference ? { conference } : {}),
  };
}

/**
 * 2026.3: the same algorithms with multi-disciplinary case conferences. Who sits at the table comes from
 * the seeds; the quorum, the deadlines and the missed-contact threshold are this project's defaults.
 */
export const CONFERENCE_DEFAULTS = {
  triggers: ['intent-to-abandon', 'risk-high', 'missed-contacts', 'child-placed-in-care', 'scheduled-review'],
  missedContactsThreshold: 2,
  inputDue: { workingDays: 3 },
  urgentInputDue: { hours: 24 },
  remindBefore: { hours: 24 },
  rescheduleBy: { workingDays: 2 },
  reviewEvery: { days: 182 },
} satisfies Omit<ConferenceRules, 'disciplines' | 'quorum'>;

export const withConferences = (policy: Policy, version: string, conference: ConferenceRules): Policy => ({
  ...policy,
  version,
  summary: `${policy.summary}; with case conferences`,
  conference,
  setByCity: [...policy.setByCity, 'conference'],
});

/** A drill conference: input within 15 s (10 s urgent), a reminder 5 s before, rescheduled by 10 s; a review 12 s into follow-up. */
export const drillConference = (rules: ConferenceRules): ConferenceRules => ({
  ...rules,
  inputDue: { seconds: 15 },
  urgentInputDue: { seconds: 10 },
  remindBefore: { seconds: 5 },
  rescheduleBy: { seconds: 10 },
  reviewEvery: { seconds: 12 },
});
