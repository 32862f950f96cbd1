import type { Policy } from '@continuum/domain';
import { DEFAULT_TASKS, drillOf, SET_BY_CITY } from '../policy-parts';

// The test programme's one version. It has no published real version: only its drill twin runs (in the
// districts that name it), and it never had a first version of the workflow, so it needs none.

const { 'infant-test': _noInfantTests, ...followUpTasks } = DEFAULT_TASKS;

const PIT_2026_1: Policy = {
  programme: 'parent-in-treatment',
  version: 'pit-2026.1',
  drill: false,
  summary: 'Families with a parent in drug treatment: follow-up beside the treatment programme (a test programme)',
  tasks: { ...followUpTasks, 'treatment-check': { doneBy: ['caseworker'], due: { workingDays: 5 } } },
  firstContact: { maxAttempts: 3 },
  contactCadence: [{ untilDay: null, every: { days: 14 } }],
  reassessmentEvery: { days: 91 },
  supervisionEvery: { days: 30 },
  infantTesting: [],
  risk: {
    weights: {
      'substance-use': 3,
      poverty: 2,
      'no-housing': 2,
      unemployment: 1,
      'single-mother': 2,
      'no-partner-or-family-support': 2,
      'intent-to-abandon': 5,
    },
    thresholds: { medium: 2, high: 5 },
    urgentFactors: ['intent-to-abandon'],
  },
  escalateAfter: { workingDays: 1 },
  closure: {
    followUpFor: { days: 365 },
    reopenWithin: { days: 365 },
    criteria: ['the parent has kept to the treatment programme for 6 months', 'the children live safely with the family'],
  },
  setByCity: SET_BY_CITY,
};

export const PARENT_IN_TREATMENT_POLICIES: readonly Policy[] = [drillOf(PIT_2026_1, [])];
