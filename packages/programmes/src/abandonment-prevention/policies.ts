import type { Policy } from '@continuum/domain';
import { CONFERENCE_DEFAULTS, DEFAULT_TASKS, drillConference, drillOf, SET_BY_CITY, withConferences } from '../policy-parts';

// Kazakhstan's policy versions. A published version never changes (packages/domain/src/policy.test.ts
// holds their fingerprints): a new one is added below, and the programme's `currentPolicy` moves to it.

export const KZ_2026_2: Policy = {
  programme: 'abandonment-prevention',
  version: 'kz-2026.2',
  drill: false,
  summary: 'Kazakhstan: prevention of baby abandonment by social workers in primary health care',
  tasks: DEFAULT_TASKS,
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

const KZ_2026_3 = withConferences(KZ_2026_2, 'kz-2026.3', {
  ...CONFERENCE_DEFAULTS,
  disciplines: ['social-worker', 'primary-care-doctor', 'psychologist', 'child-protection-officer'],
  quorum: ['social-worker', 'primary-care-doctor', 'child-protection-officer'],
});

/** Every published version, with its drill twin. */
export const ABANDONMENT_POLICIES: readonly Policy[] = [
  KZ_2026_2,
  drillOf(KZ_2026_2, []),
  KZ_2026_3,
  drillOf(KZ_2026_3, [], drillConference(KZ_2026_3.conference!)),
];
