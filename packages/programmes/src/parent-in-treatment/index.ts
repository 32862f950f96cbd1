import { FOLLOW_UP } from '../algorithm';
import type { ProgrammeModule } from '../programme';
import { PARENT_IN_TREATMENT_POLICIES } from './policies';

/**
 * A small third programme, used only by the tests: families with a parent in drug treatment. It proves that a
 * programme is this folder and one line of the registry: its own task (the treatment check), its own reaction
 * (a relapse sends a caseworker at once), and its own indicator (relapses found).
 */
export const parentInTreatment: ProgrammeModule<'parent-in-treatment', 'treatment-check'> = {
  id: 'parent-in-treatment',
  title: 'Families with a parent in drug treatment (test programme)',
  policies: PARENT_IN_TREATMENT_POLICIES,
  currentPolicy: 'pit-2026.1-drill',
  testOnly: true,
  // Test data only.
  retentionYears: 1,
  ownTasks: {
    'treatment-check': {
      title: 'Treatment check',
      form: { checkedAt: 'moment', treatment: ['kept-to', 'missed-sessions', 'relapse'], notes: { optional: 'note' } },
      onTheBus: 'contact',
    },
  },
  algorithm: {
    ...FOLLOW_UP,
    tasks: {
      ...FOLLOW_UP.tasks,
      // After each contact that reached the family, the caseworker checks with the treatment programme.
      contact: {
        ...FOLLOW_UP.tasks.contact,
        outcomes: { ...FOLLOW_UP.tasks.contact!.outcomes, reached: ['the family was reached', { open: 'treatment-check' }] },
      },
      'treatment-check': {
        by: 'treatment',
        outcomes: {
          relapse: [{ addRiskFactor: 'substance-use' }, { open: 'contact', urgent: 'always', subject: 'relapse-visit' }],
          'missed-sessions': [{ open: 'case-review', subject: 'missed-treatment' }],
        },
      },
    },
  },
  riskFactors: ['substance-use', 'poverty', 'no-housing', 'unemployment', 'single-mother', 'no-partner-or-family-support', 'intent-to-abandon'],
  consentRequired: false,
  indicators: [
    {
      name: 'treatment.relapses',
      label: 'Relapses found at treatment checks',
      section: 'risk',
      unit: 'families',
      counts: { task: 'treatment-check', field: 'treatment', answer: 'relapse' },
      note: 'Each treatment check that found a relapse counts once.',
    },
  ],
  reportCharts: ['treatment.relapses'],
};
