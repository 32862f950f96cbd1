import type { Policy } from '@continuum/domain';
import { CONFERENCE_DEFAULTS, DEFAULT_TASKS, drillConference, drillOf, SET_BY_CITY, withConferences } from '../policy-parts';
import { STANDARD_CHILD_HIV_STATUS } from './child-hiv-status';

// St. Petersburg's policy versions. A published version never changes (packages/domain/src/policy.test.ts
// holds their fingerprints): a new one is added below, and the programme's `currentPolicy` moves to it.

export const SPB_2026_2: Policy = {
  programme: 'hiv-family-follow-up',
  version: 'spb-2026.2',
  drill: false,
  summary: 'St. Petersburg: social follow-up of HIV-positive mothers and their newborns (order 181-r model)',
  tasks: DEFAULT_TASKS,
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

const SPB_PCR_DRILL = [{ code: 'pcr-6-weeks', after: { seconds: 6 } }];

/** Every published version, with its drill twin. */
export const HIV_POLICIES: readonly Policy[] = [
  SPB_2026_2,
  drillOf(SPB_2026_2, SPB_PCR_DRILL),
  SPB_2026_3,
  drillOf(SPB_2026_3, SPB_PCR_DRILL, drillConference(SPB_2026_3.conference!)),
  SPB_2026_4,
  drillOf(SPB_2026_4, SPB_PCR_DRILL, drillConference(SPB_2026_4.conference!)),
];
