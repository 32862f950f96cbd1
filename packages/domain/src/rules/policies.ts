import { DomainError } from '../errors';
import type { Programme } from '../programme';
import type { Policy, TaskTemplate } from '../policy';
import type { PolicyTaskType } from '../task';
import type { ConferenceRules } from '../conference';
import { STANDARD_CHILD_HIV_STATUS } from './child-hiv-status';

// Plain data, so the workflow bundle can hold it without the schemas: policy.test.ts parses every version
// with the Policy schema and holds its fingerprint.

const caseworker = ['caseworker'] as const;
const supervisor = ['supervisor'] as const;
const t = (doneBy: readonly ('caseworker' | 'supervisor')[], due: TaskTemplate['due'], urgentDue?: TaskTemplate['due']): TaskTemplate => ({
  doneBy: [...doneBy],
  due,
  ...(urgentDue ? { urgentDue } : {}),
});

/** Deadlines both programmes share by default (working days unless said otherwise). */
const TASKS: Record<PolicyTaskType, TaskTemplate> = {
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

const SET_BY_CITY = [
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

const SPB_2026_2: Policy = {
  programme: 'hiv-family-follow-up',
  version: 'spb-2026.2',
  drill: false,
  summary: 'St. Petersburg: social follow-up of HIV-positive mothers and their newborns (order 181-r model)',
  tasks: TASKS,
  firstContact: { maxAttempts: 3 },
  contactCadence: [
    { untilDay: 90, every: { days: 14 } },
    { untilDay: null, every: { days: 30 } },
  ],
  reassessmentEvery: { days: 91 },
  supervisionEvery: { days: 30 },
  infantTesting: [
    { code: 'pcr-6-weeks', after: { days: 42 } },
    { code: 'pcr-4-months', after: { days: 120 } },
    { code: 'antibody-18-months', after: { days: 548 } },
  ],
  risk: {
    weights: {
      'risky-pregnancy': 1,
      'single-mother': 1,
      'teenage-mother': 2,
      'young-mother': 1,
      'many-children': 1,
      poverty: 1,
      'no-housing': 2,
      unemployment: 1,
      'no-identity-papers': 2,
      'no-partner-or-family-support': 1,
      'birth-out-of-wedlock': 1,
      'child-disability': 2,
      'postpartum-depression': 2,
      'substance-use': 3,
      'art-non-adherence': 3,
      'intent-to-abandon': 5,
    },
    thresholds: { medium: 2, high: 5 },
    urgentFactors: ['intent-to-abandon'],
  },
  escalateAfter: { workingDays: 1 },
  closure: {
    followUpFor: { days: 548 },
    reopenWithin: { days: 365 },
    criteria: [
      "the child's HIV status is determined (antibody test at 18 months)",
      'the mother is registered with the AIDS Center and adherent to ART',
      "the support plan's goals are met or handed over",
    ],
  },
  setByCity: [...SET_BY_CITY, 'infantTesting'],
};

const KZ_2026_2: Policy = {
  programme: 'abandonment-prevention',
  version: 'kz-2026.2',
  drill: false,
  summary: 'Kazakhstan: prevention of baby abandonment by social workers in primary health care',
  tasks: TASKS,
  firstContact: { maxAttempts: 3 },
  contactCadence: [
    { untilDay: 30, every: { days: 7 } },
    { untilDay: 90, every: { days: 14 } },
    { untilDay: null, every: { days: 30 } },
  ],
  reassessmentEvery: { days: 91 },
  supervisionEvery: { days: 30 },
  infantTesting: [],
  risk: {
    weights: {
      'risky-pregnancy': 1,
      'single-mother': 2,
      'teenage-mother': 2,
      'young-mother': 1,
      'many-children': 1,
      poverty: 2,
      'no-housing': 2,
      unemployment: 1,
      'no-identity-papers': 2,
      'no-partner-or-family-support': 2,
      'birth-out-of-wedlock': 1,
      'child-disability': 2,
      'postpartum-depression': 2,
      'substance-use': 3,
      'intent-to-abandon': 5,
    },
    thresholds: { medium: 2, high: 5 },
    urgentFactors: ['intent-to-abandon'],
  },
  escalateAfter: { workingDays: 1 },
  closure: {
    followUpFor: { days: 365 },
    reopenWithin: { days: 365 },
    criteria: [
      'the child lives with the family at 12 months',
      "the family's documents, registration and benefits are in place",
      'no intent to abandon has been declared for 6 months',
    ],
  },
  setByCity: SET_BY_CITY,
};

/** Drill: the same algorithm in seconds, for training districts and the end-to-end tests. */
function drillOf(policy: Policy, infantTesting: Policy['infantTesting'], conference?: ConferenceRules): Policy {
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
const CONFERENCE_DEFAULTS = {
  triggers: ['intent-to-abandon', 'risk-high', 'missed-contacts', 'child-placed-in-care', 'scheduled-review'],
  missedContactsThreshold: 2,
  inputDue: { workingDays: 3 },
  urgentInputDue: { hours: 24 },
  remindBefore: { hours: 24 },
  rescheduleBy: { workingDays: 2 },
  reviewEvery: { days: 182 },
} satisfies Omit<ConferenceRules, 'disciplines' | 'quorum'>;

const withConferences = (policy: Policy, version: string, conference: ConferenceRules): Policy => ({
  ...policy,
  version,
  summary: `${policy.summary}; with case conferences`,
  conference,
  setByCity: [...policy.setByCity, 'conference'],
});

const SPB_2026_3 = withConferences(SPB_2026_2, 'spb-2026.3', {
  ...CONFERENCE_DEFAULTS,
  disciplines: [
    'social-worker',
    'psychologist',
    'womens-clinic-doctor',
    'childrens-polyclinic-doctor',
    'infectious-disease-specialist',
    'aids-center-specialist',
  ],
  quorum: ['social-worker', 'psychologist', 'aids-center-specialist'],
  triggers: [...CONFERENCE_DEFAULTS.triggers, 'child-hiv-positive'],
});

const KZ_2026_3 = withConferences(KZ_2026_2, 'kz-2026.3', {
  ...CONFERENCE_DEFAULTS,
  disciplines: ['social-worker', 'primary-care-doctor', 'psychologist', 'child-protection-officer'],
  quorum: ['social-worker', 'primary-care-doctor', 'child-protection-officer'],
});

/** A drill conference: input within 15 s (10 s urgent), a reminder 5 s before, rescheduled by 10 s; a review 12 s into follow-up. */
/**
 * spb-2026.4: 2026.3 with the rule for when a child's HIV status is final stated (see ChildHivStatusRule):
 * the standard schedule (positive when a second positive PCR confirms the first; negative with a negative
 * antibody test at 18 months). Whether negative PCRs of a child never breastfed also confirm a negative
 * status is the city's protocol to set (`childHivStatus.negativePcrsNeverBreastfed`; not by default).
 */
const SPB_2026_4: Policy = {
  ...SPB_2026_3,
  version: 'spb-2026.4',
  summary: `${SPB_2026_3.summary}; a child's HIV status final by test and milestone`,
  childHivStatus: STANDARD_CHILD_HIV_STATUS,
  closure: {
    ...SPB_2026_3.closure,
    criteria: [
      "the child's HIV status is final: negative by the antibody test at 18 months, or positive confirmed by a second PCR",
      ...SPB_2026_3.closure.criteria.slice(1),
    ],
  },
  setByCity: [...SPB_2026_3.setByCity, 'childHivStatus.negativePcrsNeverBreastfed'],
};

const drillConference = (rules: ConferenceRules): ConferenceRules => ({
  ...rules,
  inputDue: { seconds: 15 },
  urgentInputDue: { seconds: 10 },
  remindBefore: { seconds: 5 },
  rescheduleBy: { seconds: 10 },
  reviewEvery: { seconds: 12 },
});

const SPB_PCR_DRILL = [{ code: 'pcr-6-weeks', after: { seconds: 6 } }];
const ALL: Policy[] = [
  SPB_2026_2,
  KZ_2026_2,
  drillOf(SPB_2026_2, SPB_PCR_DRILL),
  drillOf(KZ_2026_2, []),
  SPB_2026_3,
  KZ_2026_3,
  drillOf(SPB_2026_3, SPB_PCR_DRILL, drillConference(SPB_2026_3.conference!)),
  drillOf(KZ_2026_3, [], drillConference(KZ_2026_3.conference!)),
  SPB_2026_4,
  drillOf(SPB_2026_4, SPB_PCR_DRILL, drillConference(SPB_2026_4.conference!)),
];

/** Every published policy by version. Published versions never change; add a new version instead. */
export const POLICY_VERSIONS: Readonly<Record<string, Policy>> = Object.freeze(Object.fromEntries(ALL.map((p) => [p.version, deepFreeze(p)])));

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

/** The version a new case of a programme starts with, unless its district says otherwise. */
export const CURRENT_POLICY: Readonly<Record<Programme, string>> = Object.freeze({
  'hiv-family-follow-up': 'spb-2026.4',
  'abandonment-prevention': 'kz-2026.3',
});

export function policyOf(version: string): Policy {
  const policy = POLICY_VERSIONS[version];
  if (!policy) throw new DomainError('NOT_FOUND', `no policy version ${version}`);
  return policy;
}
