import { randomUUID } from 'node:crypto';
import type { ReferralInput } from '@continuum/domain';

/** A referral body and the facility that sends it (its credentials say so, not the body). */
export type ReferralFrom = ReferralInput & { facilityId: string };

/** A valid referral of the HIV programme in a demo district, unique per call unless an id is given. */
export function hivReferral(overrides: Partial<ReferralFrom> = {}): ReferralFrom {
  return {
    referralId: `test-${randomUUID()}`,
    facilityId: 'spb-maternity-16',
    district: 'spb-nevsky',
    programme: 'hiv-family-follow-up',
    referredAt: '2026-11-20T10:00:00Z',
    mother: { fullName: 'Test Mother', birthDate: '1998-05-01', hivStatus: 'positive' },
    children: [{ birthDate: '2026-11-18', sex: 'female', hivExposed: true }],
    consent: { granted: true, scope: ['social-service'], signedOn: '2026-11-19', signedBy: 'mother' },
    ...overrides,
  };
}

/** A valid referral of the abandonment-prevention programme (Kazakhstan). */
export function abandonmentReferral(overrides: Partial<ReferralFrom> = {}): ReferralFrom {
  return {
    referralId: `test-${randomUUID()}`,
    facilityId: 'kz-almaty-polyclinic-5',
    district: 'kz-almaty-bostandyk',
    programme: 'abandonment-prevention',
    referredAt: '2026-11-20T10:00:00Z',
    riskFactors: ['single-mother', 'no-housing'],
    mother: { fullName: 'Test Mother', birthDate: '2007-02-11' },
    children: [{ birthDate: '2026-11-19', sex: 'male' }],
    ...overrides,
  };
}

/** The mother's consent reaching case conferences too: partner professionals may then sit on the case's conferences. */
export const CONFERENCE_CONSENT = { granted: true, scope: ['social-service', 'case-conference'], signedOn: '2026-11-19', signedBy: 'mother' } as const;

export const FIRST_CONTACT_FORM = { contactedAt: '2026-11-21T09:00:00Z', channel: 'home-visit', outcome: 'reached' };
