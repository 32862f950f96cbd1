/** Valid forms of every task type, for the tests that drive cases and the training simulation. Synthetic; no real family. */
export const FORMS = {
  accept: { decision: 'accept' },
  reject: { decision: 'reject', reasonCode: 'outside-service-area', reason: 'family lives outside the district' },
  firstContact: { contactedAt: '2026-11-21T09:00:00Z', channel: 'home-visit', outcome: 'reached' },
  needs: (riskFactors: string[] = []) => ({
    assessedAt: '2026-11-24T10:00:00Z',
    needs: {
      housing: 'some',
      documents: 'severe',
      income: 'severe',
      employment: 'some',
      childcare: 'none',
      health: 'some',
      mentalHealth: 'none',
      familySupport: 'severe',
    },
    riskFactors,
  }),
  plan: {
    goals: [
      { area: 'documents', goal: 'restore the registration papers', services: ['restore-registration-papers'] },
      { area: 'income', goal: 'apply for the child benefit', services: ['cash-benefits', 'material-assistance'] },
    ],
  },
  approve: { decision: 'approve' },
  contact: { contactedAt: '2026-12-01T09:00:00Z', channel: 'phone', outcome: 'reached' },
  reviewContinue: { reviewedAt: '2026-12-01T09:00:00Z', decision: 'continue' },
  infantTest: { attended: true },
  acceptTransfer: { decision: 'accept' },
} as const;
